/** A parsed CF time `units` string: `<unit> since <epoch>`. */
export interface CfTimeUnits {
  /** Milliseconds per unit. */
  unitMs: number;
  /** Epoch, milliseconds since 1970-01-01T00:00Z. */
  epochMs: number;
}

const UNIT_MS: Record<string, number> = {
  second: 1000, seconds: 1000, sec: 1000, secs: 1000, s: 1000,
  minute: 60000, minutes: 60000, min: 60000, mins: 60000,
  hour: 3600000, hours: 3600000, hr: 3600000, h: 3600000,
  day: 86400000, days: 86400000, d: 86400000,
};

/**
 * Parses CF time units such as `" minutes since 2000-01-01 03:00:00"` (GLDAS, with its leading space),
 * `days since 1900-01-01 00:00:00` or `seconds since 2000-01-01T00:00:00Z`. Time zone is UTC unless given.
 * @throws Error naming the units string when it is not `<unit> since <date>`.
 * @example
 * const u = parseCfTimeUnits(" minutes since 2000-01-01 03:00:00");
 * cfTimeToDate(60, u).toISOString(); // "2000-01-01T04:00:00.000Z"
 */
export function parseCfTimeUnits(units: string): CfTimeUnits {
  const m = /^\s*([A-Za-z]+)\s+since\s+(\d{1,4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{1,2})(?::(\d{1,2}(?:\.\d+)?))?)?\s*(Z|UTC|[+-]\d{1,2}(?::?\d{2})?)?\s*$/i.exec(units);
  if (!m) throw new Error(`CF time units "${units}" are not "<unit> since <date>"`);
  const unitMs = UNIT_MS[m[1].toLowerCase()];
  if (!unitMs) throw new Error(`CF time units "${units}": unknown unit "${m[1]}"`);
  const sec = m[7] ? Number(m[7]) : 0;
  let epochMs = Date.UTC(Number(m[2]), Number(m[3]) - 1, Number(m[4]), m[5] ? Number(m[5]) : 0, m[6] ? Number(m[6]) : 0, 0) + sec * 1000;
  const tz = m[8];
  if (tz && /^[+-]/.test(tz)) {
    const t = /^([+-])(\d{1,2}):?(\d{2})?$/.exec(tz);
    if (t) epochMs -= (t[1] === "-" ? -1 : 1) * (Number(t[2]) * 3600000 + Number(t[3] ?? 0) * 60000);
  }
  return { unitMs, epochMs };
}

/** Converts a CF time value to a Date (UTC). */
export function cfTimeToDate(value: number, units: CfTimeUnits): Date {
  return new Date(units.epochMs + value * units.unitMs);
}
