/** AnsweredBy values that mean a machine (fax included: nobody to talk to). The answer URL itself is built and read by src/urls. */
export function isMachine(answeredBy: unknown): boolean {
  return typeof answeredBy === 'string' && (answeredBy.startsWith('machine') || answeredBy === 'fax');
}
