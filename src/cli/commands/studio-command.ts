import type { Command } from 'commander';
import pino from 'pino';
import { loadConfig, readEnvironmentValue } from '../../config';
import { FlowSetHolder } from '../../flows/flow-set-holder';
import { createStudioApp } from '../../http/create-studio-app';
import { HttpServer } from '../../http/http-server';

/**
 * `texml-router studio`: the studio on 127.0.0.1 for the flows in this project, reloaded as the
 * files change. No Redis (so no traffic) and no token: it listens on the loopback interface only.
 */
export function registerStudioCommand(program: Command): void {
  program
    .command('studio')
    .description('open the studio locally (graphs, load problems, a step\'s TeXML) for ./flows and ./routes, on 127.0.0.1 only, without Redis')
    .option('--port <port>', 'port on 127.0.0.1 (default 3100)', (v) => Number.parseInt(v, 10))
    .action(async (options: { port?: number }) => {
      const config = loadConfig();
      const logger = pino({ level: 'warn' });
      const flows = new FlowSetHolder({ flowsDir: config.flowsDir, routesDir: config.routesDir }, { readEnv: readEnvironmentValue }, logger);
      await flows.load();
      flows.watch();
      const server = new HttpServer(createStudioApp({ flows }));
      const address = await server.listen(options.port ?? 3100, '127.0.0.1');
      process.stdout.write(`studio: http://127.0.0.1:${address.port}/studio (flows from ${config.flowsDir} and ${config.routesDir}, reloaded on change; Ctrl-C to stop)\n`);
      const stop = () => {
        flows.close();
        void server.close(1000).then(() => process.exit(0));
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
}
