import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderContractDoc } from '../../../src/telnyx/contract/render-contract-doc';
import { repoRoot } from '../../support/test-app';

describe('docs/telnyx-contract.md', () => {
  it('is what the contract data renders (run npm run contract-doc)', () => {
    expect(readFileSync(join(repoRoot, 'docs', 'telnyx-contract.md'), 'utf8')).toBe(renderContractDoc());
  });

  it('answers the open questions: Mustache outside Bins, what GET signs, the Enqueue action, the fetch timeout', () => {
    const doc = renderContractDoc();
    for (const topic of ['Mustache', 'on a GET', 'Enqueue action', 'How long does Telnyx wait']) expect(doc).toContain(topic);
  });
});
