// Writes the operation catalogue table into docs/jobs.md from the catalogue itself (a test checks it is current).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderOperationTable } from '../src/jobs/render-operation-table';

const path = join(__dirname, '..', 'docs', 'jobs.md');
const doc = readFileSync(path, 'utf8');
const start = '<!-- operation-table:start -->';
const end = '<!-- operation-table:end -->';
const from = doc.indexOf(start);
const to = doc.indexOf(end);
if (from < 0 || to < 0) throw new Error(`docs/jobs.md needs ${start} and ${end} markers`);
writeFileSync(path, `${doc.slice(0, from + start.length)}\n${renderOperationTable()}\n${doc.slice(to)}`);
