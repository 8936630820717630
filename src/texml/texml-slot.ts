import { TexmlError } from './texml-error';

/**
 * A placeholder for a value known only at render time, allowed in template text and in free-text
 * attributes. Rendering escapes (and sanitises) the value in the way its position needs.
 */
export class TexmlSlot {
  readonly name: string;

  constructor(name: string) {
    if (typeof name !== 'string' || name === '') {
      throw new TexmlError('Template slot: a slot needs a non-empty name', { verb: 'Response' });
    }
    this.name = name;
  }
}

export function texmlSlot(name: string): TexmlSlot {
  return new TexmlSlot(name);
}
