import type { Writable } from 'node:stream';
import type { CampaignStore, ContactRecord } from './campaign-store';

export const RESULT_COLUMNS = ['contact', 'phone', 'state', 'outcome', 'attempts', 'history', 'last_call_sid', 'answered_by', 'duration_seconds', 'last_attempt_at', 'error', 'line'] as const;

function cell(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** Text from outside (Telnyx's error detail) must not start a spreadsheet formula. */
function text(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

function row(contact: number, fields: ContactRecord): string {
  const values = [
    String(contact),
    fields.phone ?? '',
    fields.state ?? '',
    fields.outcome ?? '',
    fields.attempts ?? '0',
    fields.history ?? '',
    fields.sid ?? '',
    fields.amd ?? '',
    fields.duration ?? '',
    fields.dialed_at ? new Date(Number(fields.dialed_at)).toISOString() : '',
    text(fields.error ?? ''),
    fields.line ?? '',
  ];
  return `${values.map(cell).join(',')}\n`;
}

/**
 * Writes one CSV row per contact (in import order), reading Redis a page at a time and waiting for
 * the destination to drain, so a large campaign streams in flat memory.
 */
export async function writeResultsCsv(store: CampaignStore, id: string, total: number, out: Writable, pageSize = 500): Promise<void> {
  const write = async (text: string) => {
    if (out.destroyed) throw new Error('the results destination closed');
    if (out.write(text)) return;
    await new Promise<void>((resolve, reject) => {
      const drained = () => {
        out.off('close', closed);
        resolve();
      };
      const closed = () => {
        out.off('drain', drained);
        reject(new Error('the results destination closed'));
      };
      out.once('drain', drained);
      out.once('close', closed);
    });
  };
  await write(`${RESULT_COLUMNS.join(',')}\n`);
  for (let from = 1; from <= total; from += pageSize) {
    const page = await store.contacts(id, from, Math.min(pageSize, total - from + 1));
    await write(page.map(({ contact, fields }) => row(contact, fields)).join(''));
  }
}
