import { parse } from 'yaml';
import { actionListValidationSchema, flowValidationSchema } from '../../../src/flows/schema/flow-schemas';
import { routesFileSchema } from '../../../src/flows/schema/routes-schema';
import { readRepoFile } from './flow-test-kit';

/** Every YAML example in docs/flows.md must be valid for the part of the language it shows. */
const blocks = [...readRepoFile('docs/flows.md').matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]!);

describe('docs/flows.md examples', () => {
  it('when the reference is read, then it has an example for every action', () => {
    const text = blocks.join('\n');
    for (const action of ['say', 'play', 'pause', 'gather', 'menu', 'dial', 'record', 'enqueue', 'conference', 'goto', 'redirect', 'branch', 'set', 'reject', 'start', 'stop', 'job', 'request', 'pay', 'ai_gather', 'ai_assistant', 'conversation_relay']) {
      expect(text).toMatch(new RegExp(`- ${action}:`));
    }
    expect(text).toMatch(/- hangup/);
    expect(text).toMatch(/- leave/);
  });

  it.each(blocks.map((block, i) => [i + 1, block] as const))('when YAML example %i is validated, then the schema accepts it', (_i, block) => {
    const data: unknown = parse(block);
    if (Array.isArray(data)) {
      expect(actionListValidationSchema.safeParse(data).error?.issues ?? []).toEqual([]);
    } else if (data && typeof data === 'object' && 'flow' in data) {
      expect(flowValidationSchema.safeParse(data).error?.issues ?? []).toEqual([]);
    } else if (data && typeof data === 'object') {
      expect(routesFileSchema.safeParse(data).error?.issues ?? []).toEqual([]);
    }
  });
});
