// Writes schemas/flow.schema.json, schemas/routes.schema.json and schemas/campaign.schema.json from
// the zod schemas the loaders validate with, so editors (yaml-language-server) check flows and
// campaigns as the service does.
// Run: npm run schemas. A unit test fails when the committed files are stale.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { campaignFileSchema } from '../src/campaigns/campaign-schema';
import { flowEditorSchema } from '../src/flows/schema/flow-schemas';
import { routesFileSchema } from '../src/flows/schema/routes-schema';

const schemas = {
  'flow.schema.json': { schema: flowEditorSchema, title: 'texml-router flow', description: 'A call flow: named steps, each a list of actions (see docs/flows.md).' },
  'routes.schema.json': {
    schema: routesFileSchema,
    title: 'texml-router routes and resources',
    description: 'Inbound routes, the default route, calendars, the TeXML secrets manifest and queues (see docs/flows.md).',
  },
  'campaign.schema.json': {
    schema: campaignFileSchema,
    title: 'texml-router campaign',
    description: 'An outbound campaign: flow, caller ids, contacts, calling window, pacing, AMD, retries, do-not-call (see docs/campaigns.md).',
  },
} as const;

/** File name -> content, exactly as committed under schemas/. */
export function generateSchemas(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [file, { schema, title, description }] of Object.entries(schemas)) {
    const json = z.toJSONSchema(schema, { unrepresentable: 'any' });
    out[file] = `${JSON.stringify({ ...json, title, description }, null, 2)}\n`;
  }
  return out;
}

export const schemasDir = join(__dirname, '..', 'schemas');

if (require.main === module) {
  mkdirSync(schemasDir, { recursive: true });
  for (const [file, text] of Object.entries(generateSchemas())) {
    writeFileSync(join(schemasDir, file), text);
    process.stdout.write(`wrote schemas/${file} (${text.length} bytes)\n`);
  }
}
