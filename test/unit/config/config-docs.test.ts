import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { configVariables } from '../../../src/config';
import { renderConfigTable } from '../../../src/config/render-config-table';
import { renderEnvExample } from '../../../src/config/render-env-example';

const root = join(__dirname, '..', '..', '..');

describe('configuration docs', () => {
  it('when .env.example is compared with the config table, then it lists every variable with its comment', () => {
    const file = readFileSync(join(root, '.env.example'), 'utf8');
    expect(file).toBe(renderEnvExample());
    for (const variable of configVariables) expect(file).toMatch(new RegExp(`# .+\\n${variable.name}=`));
  });

  it("when the README's configuration table is compared with the config table, then it is current", () => {
    expect(readFileSync(join(root, 'README.md'), 'utf8')).toContain(renderConfigTable());
  });
});
