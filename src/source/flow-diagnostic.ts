/** One problem found in a flow or routes file, with the place an editor can jump to. */
export interface FlowDiagnostic {
  file: string;
  line: number;
  column: number;
  severity: 'error' | 'warning';
  message: string;
  hint?: string;
}

/** `file:line:col: error: message (hint: ...)`, the form editors and CI annotate. */
export function formatDiagnostic(d: FlowDiagnostic): string {
  return `${d.file}:${d.line}:${d.column}: ${d.severity}: ${d.message}${d.hint ? ` (hint: ${d.hint})` : ''}`;
}

export function sortDiagnostics(diagnostics: FlowDiagnostic[]): FlowDiagnostic[] {
  return [...diagnostics].sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column);
}
