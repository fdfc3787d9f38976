import type { Schema } from "./checkSchema";

/** Schema pieces shared by the three manifest kinds. */

/** `YYYY-MM-DD` (the calendar check is done by {@link isCalendarDate}). */
export const isoDate: Schema = { type: "string", pattern: /^\d{4}-\d{2}-\d{2}$/, patternText: "YYYY-MM-DD" };

/** True when `text` is a real calendar date `YYYY-MM-DD` (e.g. not 2015-02-30). */
export function isCalendarDate(text: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = new Date(Date.UTC(y, mo - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d;
}

export const text: Schema = { type: "string", minLength: 1 };
export const optionalText: Schema = { type: "string", minLength: 1, optional: true };
export const latitude: Schema = { type: "number", min: -90, max: 90 };
export const longitude: Schema = { type: "number", min: -180, max: 360 };

/** A bounding box in degrees (EPSG:4326). */
export interface BoundingBox { west: number; south: number; east: number; north: number; note?: string }
export const boundingBox: Schema = {
  type: "object",
  properties: { west: longitude, south: latitude, east: longitude, north: latitude, note: optionalText },
};

/** An inclusive date range `YYYY-MM-DD`–`YYYY-MM-DD`. */
export interface DateRange { start: string; end: string; note?: string }
export const dateRange: Schema = {
  type: "object",
  properties: { start: isoDate, end: isoDate, note: optionalText },
};

/** The grid of a {@link LatLonGridSpec} (regular EPSG:4326 grid, rows north to south). */
export const latLonGridSpec: Schema = {
  type: "object",
  properties: {
    west: longitude,
    north: latitude,
    cellSize: { type: "number", min: 0, max: 90, exclusiveMin: true },
    width: { type: "number", integer: true, min: 1, max: 1_000_000 },
    height: { type: "number", integer: true, min: 1, max: 1_000_000 },
    note: optionalText,
  },
};

/** Lowercase product/manifest identifier, the JSON file name without `.json`. */
export const manifestId: Schema = {
  type: "string", pattern: /^[a-z0-9][a-z0-9.-]*$/, patternText: "a lowercase id like gldas-noah025-3h-v2.1",
};
