import { campaignDefinitionForTests } from './support/campaign-definition-for-tests';
import type { CampaignDefinition } from '../../src/campaigns/campaign-definition';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createReadStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CampaignStore } from '../../src/campaigns/campaign-store';
import { ContactImportError } from '../../src/campaigns/contact-import-error';
import { ContactImporter } from '../../src/campaigns/contact-importer';
import { testRedis } from '../support/redis';

const definition = campaignDefinitionForTests({ name: 'import-test' });

describe('contact import', () => {
  let t: Awaited<ReturnType<typeof testRedis>>;
  let store: CampaignStore;
  let importer: ContactImporter;
  let n = 0;
  beforeEach(async () => {
    t = await testRedis();
    store = new CampaignStore(t.redis, t.prefix);
    importer = new ContactImporter(store);
  });
  afterEach(async () => t.cleanup());

  async function draft(contacts: Partial<CampaignDefinition['contacts']> = {}): Promise<{ id: string; contacts: CampaignDefinition['contacts'] }> {
    const id = `import-${(n += 1)}`;
    const def = { ...definition, contacts: { ...definition.contacts, ...contacts } };
    await store.create(id, def, Date.now(), 30);
    return { id, contacts: def.contacts };
  }

  it('when a CSV mixes formats, duplicates and bad rows, then numbers become E.164, duplicates are dropped and each bad row is reported with its line while the rest imports', async () => {
    const { id, contacts } = await draft();
    const csv = [
      'phone,first_name,timezone', // line 1
      '(312) 555-0142,Ada,America/Chicago',
      '+1 212 555 0187,Grace,',
      '"415-555-0123","Linus ""the"" Torvalds",America/Los_Angeles',
      '312.555.0142,Ada again,', // duplicate of line 2
      '555-0100,Short,', // line 6: too short
      '+13125550111,Ken,Mars/Olympus', // line 7: unknown zone
      '"+13125550112","multi',
      'line name",', // lines 8-9: one record over two lines (reported at 8)
      '+13125550113,Too,many,fields', // line 10
      '',
      'call me maybe,Nobody,', // line 12
      '+13125550114,Last,America/New_York',
    ].join('\n');
    const report = await importer.import(id, csv, { contacts, declaredVars: new Set(['first_name']), batchSize: 2 });
    expect(report).toMatchObject({ rows: 10, imported: 5, duplicates: 1, invalid: 4, warnings: [] });
    expect(report.problems).toEqual([
      { line: 6, message: "'555-0100' is not a possible number in US (wrong length)" },
      { line: 7, message: "unknown time zone 'Mars/Olympus'" },
      { line: 10, message: '4 fields, the header has 3' },
      { line: 12, message: "'call me maybe' is not a phone number" },
    ]);
    const stored = await store.contacts(id, 1, 10);
    expect(stored.map((c) => [c.fields.phone, c.fields.line, c.fields.tz ?? '', JSON.parse(c.fields.vars ?? '{}').first_name])).toEqual([
      ['+13125550142', '2', 'America/Chicago', 'Ada'],
      ['+12125550187', '3', '', 'Grace'],
      ['+14155550123', '4', 'America/Los_Angeles', 'Linus "the" Torvalds'],
      ['+13125550112', '8', '', 'multi\nline name'],
      ['+13125550114', '13', 'America/New_York', 'Last'],
    ]);
    const meta = await store.meta(id);
    expect([meta?.total, meta?.import_rows, meta?.import_invalid, meta?.import_duplicates]).toEqual(['5', '10', '4', '1']);
    expect(await store.importProblems(id, 10)).toEqual(report.problems);
  });

  it('when the same numbers come in a second import, then they are duplicates too', async () => {
    const { id, contacts } = await draft();
    await importer.import(id, 'phone\n3125550142\n3125550143\n', { contacts });
    const second = await importer.import(id, 'phone\n+13125550143\n+13125550144\n', { contacts });
    expect(second).toMatchObject({ rows: 2, imported: 1, duplicates: 1 });
    expect((await store.meta(id))?.total).toBe('3');
  });

  it('when the region is GB, then national numbers are read as British ones', async () => {
    const { id, contacts } = await draft({ defaultRegion: 'GB' });
    const report = await importer.import(id, 'phone\n020 7946 0958\n+1 312 555 0142\n', { contacts });
    expect(report.imported).toBe(2);
    expect((await store.contacts(id, 1, 2)).map((c) => c.fields.phone)).toEqual(['+442079460958', '+13125550142']);
  });

  it('when the list has no phone column, names a variable column it lacks, or is empty, then nothing is imported and the problem names the line', async () => {
    const { id, contacts } = await draft();
    await expect(importer.import(id, 'number,name\n+13125550142,A\n', { contacts })).rejects.toThrow(new ContactImportError("no 'phone' column (the columns are: number, name)", 1));
    const named = await draft({ variables: ['first_name', 'appointment'] });
    await expect(importer.import(named.id, 'phone,first_name\n+13125550142,A\n', { contacts: named.contacts })).rejects.toThrow(/line 1: no 'appointment' column/);
    await expect(importer.import(id, '', { contacts })).rejects.toThrow(/the contact list is empty/);
    expect((await store.meta(id))?.total).toBe('0');
  });

  it('when columns are not variables the flow declares or not variable names at all, then the import warns and passes only the usable ones', async () => {
    const { id, contacts } = await draft();
    const report = await importer.import(id, 'phone,first_name,account id,balance\n+13125550142,Ada,7,12\n', { contacts, declaredVars: new Set(['first_name']) });
    expect(report.warnings).toEqual([
      "column 'account id' is not passed to the flow: variable names start with a letter and use letters, digits and _",
      "the flow does not declare 'balance': it will not see that column (declare them under vars: in the flow)",
    ]);
    expect(JSON.parse((await store.contact(id, 1))!.vars!)).toEqual({ first_name: 'Ada', balance: '12' });
  });

  it('when a file is streamed, then it is imported in batches without reading it whole', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'contacts-'));
    try {
      const rows = ['phone,first_name'];
      for (let i = 0; i < 5000; i++) rows.push(`+1312${String(2000000 + i)},N${i}`);
      await writeFile(join(dir, 'contacts.csv'), `${rows.join('\n')}\n`);
      const { id, contacts } = await draft();
      const report = await importer.import(id, createReadStream(join(dir, 'contacts.csv'), { highWaterMark: 4096 }), { contacts, batchSize: 250 });
      expect(report).toMatchObject({ rows: 5000, imported: 5000, duplicates: 0, invalid: 0 });
      expect(await t.redis.zcard(store.keys.campaign(id).due)).toBe(5000);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('when contacts are imported into a running campaign, then the store refuses', async () => {
    const { id, contacts } = await draft();
    await importer.import(id, 'phone\n+13125550142\n', { contacts });
    await store.transition(id, 'start', Date.now());
    await expect(importer.import(id, 'phone\n+13125550143\n', { contacts })).rejects.toThrow(/NOTDRAFT/);
  });
});
