import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { restContract, restResourceKinds } from '../../../src/telnyx/contract/rest-contract';
import { validateRestList, validateRestResource } from '../../../src/telnyx/contract/validate-rest-resource';
import { repoRoot } from '../../support/test-app';

const openApiPath = [join(repoRoot, '..', 'shared', 'telnyx'), join(repoRoot, '..', '..', 'shared', 'telnyx'), '/work/shared/telnyx']
  .map((dir) => join(dir, 'texml-calls.openapi.yml'))
  .find((file) => existsSync(file));

/** Every documented field, null: the shape of a resource where nothing applies yet. */
function allNull(kind: keyof typeof restContract, values: Record<string, unknown>): Record<string, unknown> {
  return { ...Object.fromEntries(Object.keys(restContract[kind].fields).map((name) => [name, null])), ...values };
}

describe('the REST contract', () => {
  it('names a source for every resource', () => {
    for (const kind of restResourceKinds) expect(restContract[kind].sources.length).toBeGreaterThan(0);
  });

  (openApiPath ? it : it.skip)('holds every property and enum of Telnyx\'s CallResource schema', () => {
    const doc = parse(readFileSync(openApiPath!, 'utf8')) as { components: { schemas: Record<string, { properties: Record<string, { enum?: string[] }> }> } };
    const fields: Record<string, { enum?: readonly string[] }> = restContract.call.fields;
    for (const [name, property] of Object.entries(doc.components.schemas.CallResource!.properties)) {
      expect({ name, present: name in fields }).toEqual({ name, present: true });
      for (const value of property.enum ?? []) expect(fields[name]!.enum).toContain(value);
    }
  });

  it('accepts Telnyx\'s own example call and refuses what Telnyx would not send', () => {
    const example = {
      account_sid: '61bf923e-5e4d-4595-a110-56190ea18a1b',
      answered_by: 'human',
      caller_name: '+13122010094',
      date_created: 'Thu, 15 Jun 2023 09:56:45 +0000',
      date_updated: 'Thu, 15 Jun 2023 09:56:56 +0000',
      direction: 'inbound',
      duration: '11',
      end_time: 'Thu, 15 Jun 2023 09:56:56 +0000',
      from: '+13123456789',
      from_formatted: '(312) 345-6789',
      price: null,
      price_unit: null,
      sid: 'v3:KBnLO0ZK3DhKM5s7bE9VluaSmKsOchKht_fUYvxcp8ysbmzCCtpkmA',
      start_time: 'Thu, 15 Jun 2023 09:56:45 +0000',
      status: 'completed',
      to: '+13987654321',
      to_formatted: '(398) 765-4321',
      uri: '/v2/texml/Accounts/61bf923e-5e4d-4595-a110-56190ea18a1b/Calls/v3:KBnLO0ZK3DhKM5s7bE9VluaSmKsOchKht_fUYvxcp8ysbmzCCtpkmA.json',
    };
    expect(validateRestResource('call', example)).toEqual([]);
    const { price: _price, ...withoutPrice } = example;
    expect(validateRestResource('call', withoutPrice)).toEqual(['call: price is missing (Telnyx documents it; null when it does not apply)']);
    expect(validateRestResource('call', { ...example, answered_by: 'machine_start', Direction: 'x' })).toEqual([
      'call: answered_by="machine_start" is not one of human, machine, not_sure',
      'call: Direction is not a field Telnyx documents',
    ]);
  });

  it('wants ISO 8601 dates on recordings, transcriptions and streams (the SDK parses them)', () => {
    const recording = allNull('recording', { account_sid: 'a', sid: 'r', uri: '/u', date_created: '2026-12-07T10:00:00Z', channels: 2, status: 'completed', source: 'RecordVerb' });
    expect(validateRestResource('recording', recording)).toEqual([]);
    expect(validateRestResource('recording', { ...recording, date_created: 'Mon, 07 Dec 2026 10:00:00 +0000' })).toEqual([
      'recording: date_created="Mon, 07 Dec 2026 10:00:00 +0000" is not an ISO 8601 date-time',
    ]);
    expect(validateRestResource('stream', allNull('stream', { account_sid: 'a', call_sid: 'c', sid: 's', uri: '/u', date_updated: 'yesterday' }))).toEqual([
      'stream: date_updated="yesterday" is not an ISO 8601 date-time',
    ]);
  });

  it('wants next_page_uri and previous_page_uri present, null at the ends, and checks every item', () => {
    const page = { page: 0, page_size: 20, start: 0, end: 0, uri: '/x?Page=0', first_page_uri: '/x?Page=0', next_page_uri: null, previous_page_uri: null };
    expect(validateRestList('transcriptions', { ...page, transcriptions: [allNull('transcription', { account_sid: 'a', sid: 't', uri: '/t' })] })).toEqual([]);
    const { previous_page_uri: _p, ...withoutPrevious } = page;
    expect(validateRestList('queues', { ...withoutPrevious, queues: [{ sid: 'q' }] })).toEqual(
      expect.arrayContaining(['queues list: previous_page_uri is missing (Telnyx documents it; null when it does not apply)', 'queues[0] queue: account_sid is missing (Telnyx documents it; null when it does not apply)']),
    );
  });
});
