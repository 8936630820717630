import { request as httpRequest } from 'node:http';
import { Readable } from 'node:stream';
import { baseCampaign, CampaignFixture, ADMIN_TOKEN } from './support/campaign-fixture';

type Report = { rows: number; imported: number; duplicates: number; invalid: number; problems: Array<{ line: number; message: string }>; complete: boolean; lastLine: number; cutOff?: string };

const HEADER = 'phone,first_name,appointment,timezone';
const row = (n: number, name = `Name${n}`) => `+1312555${String(n).padStart(4, '0')},${name},Tuesday,`;

/**
 * F6/F7 and item 5 of issue 12: every line of a contact list is imported, a duplicate, blank, or
 * reported at its true line number with the reason; an upload cut off part-way is recorded as
 * incomplete and a retry of the same file adds only what is missing. Through the admin API
 * (`POST /api/campaigns/:id/contacts`), on the real Redis.
 */
describe('contact import: malformed and cut-off files', () => {
  let fx: CampaignFixture;
  let n = 0;
  beforeAll(async () => {
    fx = await CampaignFixture.start({ noWorker: true, noDispatcher: true });
  });
  afterAll(async () => fx.close());

  async function draft(): Promise<string> {
    return fx.create(baseCampaign({ campaign: `malformed-${(n += 1)}` }));
  }

  async function upload(id: string, lines: string[]): Promise<Report> {
    const res = await fx.api('post', `/api/campaigns/${id}/contacts`).set('Content-Type', 'text/csv').send(`${lines.join('\n')}\n`).expect(200);
    return res.body as Report;
  }

  /** Every data line (2..last) is imported or among the problems, and no problem is past the last line. */
  function accountedFor(report: Report, lines: string[], blank: number[] = []): void {
    const lastLine = lines.length;
    expect(report.problems.every((p) => p.line >= 1 && p.line <= lastLine)).toBe(true);
    expect(report.imported + report.duplicates + report.invalid + blank.length).toBe(lastLine - 1);
    expect(report.lastLine).toBe(lastLine);
  }

  it('when one stray quote opens a value that never closes, then only its row is reported, at its line, and every following row is imported', async () => {
    const id = await draft();
    const lines = [HEADER, row(1), row(2), '+13125550003,"Name3,Tuesday,', ...[4, 5, 6, 7, 8, 9, 10].map((i) => row(i))];
    const report = await upload(id, lines);
    expect(report).toMatchObject({ rows: 10, imported: 9, invalid: 1, complete: true });
    expect(report.problems).toEqual([{ line: 4, message: expect.stringMatching(/quoted value opens here and does not close/) }]);
    accountedFor(report, lines);
    expect((await fx.progress(id)).contacts.total).toBe(9);
  });

  it('when a stray quote would pair with a quote rows later, then its row is reported and the rows in between are imported, not swallowed into one value', async () => {
    const id = await draft();
    const lines = [HEADER, row(1), '+13125550002,"Bob,Tuesday,', row(3), row(4), '+13125550005,Cy",Tuesday,', row(6)];
    const report = await upload(id, lines);
    expect(report.problems).toEqual([{ line: 3, message: expect.stringMatching(/quoted value opens here and does not close/) }]);
    expect(report).toMatchObject({ rows: 6, imported: 5, invalid: 1 });
    accountedFor(report, lines);
    // The closing quote on line 6 sits inside an unquoted value: kept as written, the row imported.
    const contacts = await fx.service.store.contacts(id, 1, 10);
    expect(contacts.map((c) => [c.fields.line, c.fields.phone])).toEqual([
      ['2', '+13125550001'],
      ['4', '+13125550003'],
      ['5', '+13125550004'],
      ['6', '+13125550005'],
      ['7', '+13125550006'],
    ]);
  });

  it('when the last line opens a quote, then it is reported at its own line, never past the end of the file', async () => {
    const id = await draft();
    const lines = [HEADER, row(1), row(2), '"+13125550003,Last,Tuesday,'];
    const report = await upload(id, lines);
    expect(report.problems).toEqual([{ line: 4, message: expect.stringMatching(/does not close/) }]);
    accountedFor(report, lines);
  });

  it('when rows have too few or too many fields, or text after a closing quote, then each is reported at its line and the rest import', async () => {
    const id = await draft();
    const lines = [
      HEADER,
      row(1),
      '+13125550002,Short', // too few
      '+13125550003,Ann,Tuesday,,extra', // too many
      row(4),
      '', // blank: skipped
      '+13125550006,"Quoted"trailing,Tuesday,', // text after the closing quote
      '+13125550007', // one field
      '"+13125550008","multi',
      'line",Tuesday,', // a legitimate value over two lines (reported nowhere, imported at 9)
      row(10),
    ];
    const report = await upload(id, lines);
    expect(report.problems).toEqual([
      { line: 3, message: '2 fields, the header has 4' },
      { line: 4, message: '5 fields, the header has 4' },
      { line: 7, message: expect.stringMatching(/text after the closing quote of field 2/) },
      { line: 8, message: '1 field, the header has 4' },
    ]);
    expect(report).toMatchObject({ imported: 4, invalid: 4 });
    const contacts = await fx.service.store.contacts(id, 1, 10);
    expect(contacts.map((c) => c.fields.line)).toEqual(['2', '5', '9', '11']);
    // Lines 9-10 are one record, line 6 is blank: every line is accounted for.
    expect(report.lastLine).toBe(lines.length);
    expect(report.imported + report.invalid + 1 /* blank */ + 1 /* second line of the quoted value */).toBe(lines.length - 1);
  });

  it('when the stream fails part-way, then the import is recorded as incomplete with the count and the last whole line, and the cut line is not imported', async () => {
    const id = await draft();
    async function* failing() {
      yield `${HEADER}\n${row(1)}\n${row(2)}\n`;
      yield '+1312555000'; // row 3, cut through its number
      throw new Error('disk read failed');
    }
    const report = await fx.service.importContacts(id, Readable.from(failing()));
    expect(report).toMatchObject({ rows: 2, imported: 2, complete: false, lastLine: 3, cutOff: 'the upload stopped: disk read failed' });
    expect((await fx.progress(id)).import).toMatchObject({ complete: false, lastLine: 3, cutOff: 'the upload stopped: disk read failed' });
    expect((await fx.progress(id)).contacts.total).toBe(2);
  });

  it('when the client aborts mid-upload, then the rows read whole are kept, the import is recorded as incomplete in progress, and sending the file again adds the rest without duplicates', async () => {
    const id = await draft();
    const total = 1500;
    const lines = [HEADER, ...Array.from({ length: total }, (_, i) => row(i + 1))];
    const whole = Buffer.from(`${lines.join('\n')}\n`);
    // Rows 1..1200 whole, then half of row 1201's number: that half must not become a contact.
    const sent = `${lines.slice(0, 1201).join('\n')}\n${lines[1201]!.slice(0, 8)}`;
    const url = new URL(`/api/campaigns/${id}/contacts`, fx.baseUrl);
    const req = httpRequest(url, { method: 'POST', headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'text/csv', 'content-length': String(whole.length) } });
    req.on('error', () => undefined);
    req.write(sent);
    // The importer writes 500 rows at a time: two batches in Redis show it has read the first 1000.
    await fx.until('the first rows are imported', async () => (await fx.progress(id)).contacts.total >= 1000);
    req.destroy();
    await fx.until('the import is recorded as cut off', async () => (await fx.progress(id)).import.complete === false);

    const cut = await fx.progress(id);
    expect(cut.contacts.total).toBe(1200);
    expect(cut.import).toMatchObject({ complete: false, lastLine: 1201, rows: 1200, imported: 1200, invalid: 0, cutOff: expect.stringMatching(/the upload stopped/) });

    // The retry: the whole file again. What the cut import kept is found as duplicates.
    const retry = await upload(id, lines);
    expect(retry).toMatchObject({ rows: total, imported: 300, duplicates: 1200, invalid: 0, complete: true, lastLine: total + 1 });
    const after = await fx.progress(id);
    expect(after.contacts.total).toBe(total);
    expect(after.import).toMatchObject({ complete: true, cutOff: null, imported: total });
    const phones = (await fx.service.store.contacts(id, 1, total + 10)).map((c) => c.fields.phone);
    expect(new Set(phones).size).toBe(total);
  });
});
