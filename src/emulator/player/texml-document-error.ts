/** A TeXML answer that is not well-formed XML, or not a `<Response>` document. */
export class TexmlDocumentError extends Error {
  constructor(
    message: string,
    readonly line?: number,
    readonly column?: number,
  ) {
    super(line === undefined ? message : `${message} (line ${line}, column ${column ?? 1})`);
    this.name = 'TexmlDocumentError';
  }
}
