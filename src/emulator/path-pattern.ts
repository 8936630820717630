/**
 * A small path matcher shared by the operation table and fault rules: literal segments, `:name`
 * (one segment, captured), `*` (one segment) and a final `**` (the rest, possibly empty).
 * Segments are compared after percent-decoding, so `v3:abc` and `v3%3Aabc` are the same sid.
 */
export class PathPattern {
  private readonly segments: readonly string[];

  constructor(readonly source: string) {
    this.segments = PathPattern.split(source);
    const doubleStar = this.segments.indexOf('**');
    if (doubleStar !== -1 && doubleStar !== this.segments.length - 1) {
      throw new Error(`'**' may only end a path pattern: ${source}`);
    }
  }

  /** Captured parameters when the path matches, otherwise undefined. */
  match(path: string): Record<string, string> | undefined {
    const parts = PathPattern.split(path);
    const params: Record<string, string> = {};
    for (let i = 0; i < this.segments.length; i += 1) {
      const pattern = this.segments[i] as string;
      if (pattern === '**') return params;
      const part = parts[i];
      if (part === undefined) return undefined;
      if (pattern === '*') continue;
      if (pattern.startsWith(':')) {
        params[pattern.slice(1)] = part;
        continue;
      }
      if (pattern !== part) return undefined;
    }
    return parts.length === this.segments.length ? params : undefined;
  }

  private static split(path: string): string[] {
    return path
      .split('/')
      .filter((s) => s.length > 0)
      .map((s) => {
        try {
          return decodeURIComponent(s);
        } catch {
          return s;
        }
      });
  }
}
