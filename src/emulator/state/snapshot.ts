/** A deep copy: what the stores hand out, so state changes only through their methods. */
export const snapshot = <T>(value: T): T => structuredClone(value);
