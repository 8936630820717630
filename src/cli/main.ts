#!/usr/bin/env node
import { Command } from 'commander';
import { registerCallCommand } from './commands/call-command';
import { registerCampaignCommand } from './commands/campaign-command';
import { registerDevCommand } from './commands/dev-command';
import { registerEmulateCommand } from './commands/emulate-command';
import { registerGraphCommand } from './commands/graph-command';
import { registerRenderCommand } from './commands/render-command';
import { registerSecretsCommand } from './commands/secrets-command';
import { registerServeCommand } from './commands/serve-command';
import { registerSimulateCommand } from './commands/simulate-command';
import { registerStudioCommand } from './commands/studio-command';
import { registerValidateCommand } from './commands/validate-command';
import { registerWorkerCommand } from './commands/worker-command';

const program = new Command();
program.name('texml-router').description('Run Telnyx TeXML call flows from YAML files').version('0.1.0');
registerServeCommand(program);
registerWorkerCommand(program);
registerCallCommand(program);
registerCampaignCommand(program);
registerSecretsCommand(program);
registerValidateCommand(program);
registerRenderCommand(program);
registerGraphCommand(program);
registerSimulateCommand(program);
registerStudioCommand(program);
registerEmulateCommand(program);
registerDevCommand(program);

program.parseAsync(process.argv).catch((error: unknown) => {
  process.stderr.write(`texml-router: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
