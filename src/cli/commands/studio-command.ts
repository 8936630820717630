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
    .option('--coverage', "play every flows/*.scenarios.yaml first and draw what they cover over the graphs")
    .action(async (options: { port?: number; coverage?: boolean }) => {
      const config = loadConfig();
      const logger = pino({ level: 'warn' });
      const flows = new FlowSetHolder({ flowsDir: config.flowsDir, routesDir: config.routesDir }, { readEnv: readEnvironmentValue }, logger);
      await flows.load();
      flows.watch();
      let coverage;
      if (options.coverage) {
        // The simulator (and its emulator) load only when asked for.
        const { coverageOfAllScenarios } = await import('../../simulator/flows-coverage');
        const played = await coverageOfAllScenarios({ flowsDir: config.flowsDir, routesDir: config.routesDir, baseDir: process.cwd(), readEnv: readEnvironmentValue });
        process.stdout.write(`played ${played.scenarios} scenarios (${played.failed} failed): coverage of ${played.coverage.length} flows\n`);
        coverage = played.coverage;
      }
      const server = new HttpServer(createStudioApp({ flows, ...(coverage ? { coverage } : {}) }));
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
