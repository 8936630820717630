import { parsePhoneNumberFromString } from 'libphonenumber-js';
import type { CampaignDefinition } from './campaign-definition';

/**
 * The area of a number: the country code and, for North American numbers, the 3-digit area code;
 * elsewhere the country code and the first two national digits (a national destination code guess
 * that groups numbers of one city or operator in most plans).
 */
export function areaOf(e164: string): string | undefined {
  const parsed = parsePhoneNumberFromString(e164);
  if (!parsed) return undefined;
  const national = String(parsed.nationalNumber);
  const digits = parsed.countryCallingCode === '1' ? 3 : 2;
  return national.length > digits ? `${parsed.countryCallingCode}-${national.slice(0, digits)}` : undefined;
}

/**
 * Chooses the From number of an attempt. `sequence` is the campaign's dial counter (the same on
 * every worker, and kept with the attempt), so round-robin is fair across workers and an attempt
 * submitted again gets the same number.
 */
export class CallerIdPicker {
  private readonly byArea = new Map<string, string[]>();

  constructor(private readonly callerIds: CampaignDefinition['callerIds']) {
    if (callerIds.pick === 'area-code') {
      for (const number of callerIds.numbers) {
        const area = areaOf(number);
        if (area) this.byArea.set(area, [...(this.byArea.get(area) ?? []), number]);
      }
    }
  }

  pick(to: string, sequence: number): string {
    const { numbers } = this.callerIds;
    const pool = this.callerIds.pick === 'area-code' ? (this.byArea.get(areaOf(to) ?? '') ?? numbers) : numbers;
    return pool[Math.abs(sequence) % pool.length]!;
  }
}
