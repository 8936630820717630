import { convert } from 'xmlbuilder2';

/** Whether the text parses as XML (what a TeXML answer must always be). */
export function wellFormed(texml: string): boolean {
  try {
    convert(texml, { format: 'object' });
    return true;
  } catch {
    return false;
  }
}
