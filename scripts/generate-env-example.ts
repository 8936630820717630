// Writes .env.example and the README's configuration table from the config table, so every
// variable the service reads is listed with its comment (a test checks both are current).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderConfigTable } from '../src/config/render-config-table';
import { renderEnvExample } from '../src/config/render-env-example';

const root = join(__dirname, '..');
writeFileSync(join(root, '.env.example'), renderEnvExample());
const readmePath = join(root, 'README.md');
const readme = readFileSync(readmePath, 'utf8');
const start = '<!-- config-table:start -->';
const end = '<!-- config-table:end -->';
const from = readme.indexOf(start);
const to = readme.indexOf(end);
if (from < 0 || to < 0) throw new Error(`README.md needs ${start} and ${end} markers`);
writeFileSync(readmePath, `${readme.slice(0, from + start.length)}\n${renderConfigTable()}\n${readme.slice(to)}`);
