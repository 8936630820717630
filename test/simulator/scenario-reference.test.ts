import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SCENARIO_KEYS } from '../../src/simulator/scenario-schema';

/** Every key a scenario file may use is in the scenario reference (docs/emulator.md). */
const reference = readFileSync(join(__dirname, '..', '..', 'docs', 'emulator.md'), 'utf8');

describe('scenario reference', () => {
  it.each([...SCENARIO_KEYS].sort())('when the scenario key %s is looked up, then docs/emulator.md documents it', (key) => {
    // As a YAML key (`key:`), a JSON key (`"key":`) or in code (`key`).
    const documented = new RegExp(`(^|[\\s{,\\[])${key}:|"${key}"|\`${key}\``, 'm').test(reference);
    expect(documented).toBe(true);
  });

  it('when the reference is read, then it states the order rules for caller actions in a queue', () => {
    expect(reference).toContain('### The order of caller actions');
    expect(reference).toMatch(/The `queue` action is taken when the call reaches `<Enqueue>`/);
  });
});
