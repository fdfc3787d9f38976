/**
 * Merges options over defaults, ignoring keys whose value is `undefined` (so `{ variable: undefined }`
 * keeps the default instead of erasing it).
 * @example
 * withDefaults({ a: 1, b: 2 }, { a: undefined, b: 3 }); // { a: 1, b: 3 }
 */
export function withDefaults<T extends object>(defaults: T, options: Partial<T> | undefined): T {
  const out = { ...defaults } as Record<string, unknown>;
  if (options) for (const [k, v] of Object.entries(options)) if (v !== undefined) out[k] = v;
  return out as T;
}
