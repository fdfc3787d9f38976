/**
 * The meteorological season of an ISO date: "DJF" (December–February), "MAM", "JJA" or "SON".
 * @example seasonOf("2015-07-14"); // "JJA"
 * @throws RangeError naming the value when it is not a `YYYY-MM-DD` date with a month 01–12
 */
export function seasonOf(date: string): "DJF" | "MAM" | "JJA" | "SON" {
  const m = /^\d{4}-(\d\d)-\d\d$/.exec(date);
  const month = m ? Number(m[1]) : NaN;
  if (!(month >= 1 && month <= 12)) throw new RangeError(`seasonOf: date must be YYYY-MM-DD with a month 01-12, got '${date}'`);
  return month === 12 || month <= 2 ? "DJF" : month <= 5 ? "MAM" : month <= 8 ? "JJA" : "SON";
}
