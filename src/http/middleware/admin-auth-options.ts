export interface AdminAuthOptions {
  /** Mount paths under which HTTP Basic (token as password) is accepted too, for a browser. */
  basicPaths?: readonly string[];
}
