import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { keptParameters } from '../../../src/events/normalise-callback';
import { contractParameterNames } from '../../../src/telnyx/contract/validate-webhook';
import { callParameters, inputParameters } from '../../../src/templates/call-context';
import { repoRoot } from '../../support/test-app';

/**
 * Nothing is read that Telnyx does not document: every Telnyx parameter the service's code reads
 * from a webhook must be named in the contract (src/telnyx/contract), which cites its source.
 * The readers are the parameter maps (callback fields, call.* and input.*) and any direct access in
 * the modules that handle webhooks. The emulator (it writes webhooks) and the jobs (they write REST
 * requests) are not readers.
 */

const readerRoots = ['src/events', 'src/templates', 'src/flows', 'src/http', 'src/campaigns', 'src/simulator', 'src/state', 'src/cli'];

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : path.endsWith('.ts') ? [path] : [];
  });
}

/** `params.Name`, `params['Name']`, `p('Name')`, `body.Name`, `query.Name`: a PascalCase parameter read directly. */
const directRead = /\b(?:params|body|query|form|request\.params|p)(?:\.([A-Z][A-Za-z]+)\b|\[\s*'([A-Z][A-Za-z]+)'\s*\]|\(\s*'([A-Z][A-Za-z]+)'\s*\))/g;

describe('every Telnyx parameter the service reads is in the contract', () => {
  const named = contractParameterNames();

  it('the parameter maps (callback fields kept, call.*, input.*)', () => {
    const read = [...Object.keys(keptParameters), ...Object.keys(callParameters), ...Object.keys(inputParameters)];
    expect(read.filter((name) => !named.has(name))).toEqual([]);
  });

  it('direct reads in the webhook-handling modules', () => {
    const unnamed: string[] = [];
    let reads = 0;
    for (const root of readerRoots) {
      for (const file of files(join(repoRoot, root))) {
        const text = readFileSync(file, 'utf8');
        for (const match of text.matchAll(directRead)) {
          const name = match[1] ?? match[2] ?? match[3]!;
          reads += 1;
          if (!named.has(name)) unnamed.push(`${relative(repoRoot, file)}: ${name}`);
        }
      }
    }
    expect(reads).toBeGreaterThan(10);
    expect(unnamed).toEqual([]);
  });

  it('would catch a read of a parameter Telnyx does not send', () => {
    const sample = "const direction = params.Direction; const r = p('QueueResult'); const s = params['SiprecStatus'];";
    const names = [...sample.matchAll(directRead)].map((m) => m[1] ?? m[2] ?? m[3]);
    expect(names).toEqual(['Direction', 'QueueResult', 'SiprecStatus']);
    expect(names.filter((name) => !named.has(name!))).toEqual(['Direction', 'SiprecStatus']);
  });
});
