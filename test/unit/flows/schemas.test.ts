import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateSchemas, schemasDir } from '../../../scripts/generate-schemas';

describe('editor schemas', () => {
  const generated = generateSchemas();

  it.each(Object.keys(generated))('when schemas/%s is compared with the language, then it is up to date (run npm run schemas)', (file) => {
    expect(readFileSync(join(schemasDir, file), 'utf8')).toBe(generated[file]);
  });

  it('when an editor reads the flow schema, then it knows every action', () => {
    const schema = generated['flow.schema.json']!;
    for (const action of ['say', 'play', 'pause', 'gather', 'menu', 'dial', 'record', 'enqueue', 'conference', 'goto', 'redirect', 'branch', 'set', 'reject', 'start', 'stop', 'job', 'hangup', 'leave']) {
      expect(schema).toContain(`"${action}"`);
    }
    expect(JSON.parse(schema)).toMatchObject({ $schema: 'https://json-schema.org/draft/2020-12/schema', type: 'object', required: expect.arrayContaining(['flow', 'start', 'steps']) });
  });
});
