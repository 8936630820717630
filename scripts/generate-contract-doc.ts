import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderContractDoc } from '../src/telnyx/contract/render-contract-doc';

// docs/telnyx-contract.md is rendered from the contract data; test/unit/telnyx/contract-doc.test.ts fails when it is stale.
const path = join(__dirname, '..', 'docs', 'telnyx-contract.md');
writeFileSync(path, renderContractDoc());
console.log(`wrote ${path}`);
