import type { VariableName } from "../sources/layerSource";
import type { Schema } from "./checkSchema";
import { boundingBox, dateRange, latitude, longitude, manifestId, optionalText, text } from "./common";
import type { BoundingBox, DateRange } from "./common";
import { VARIABLE_NAMES } from "./productManifest";

/** One ground station (the paper's Table 2). */
export interface StudyStation {
  /** Panel letter in the paper's figures (a–n). */
  id: string;
  name: string;
  /** Degrees north / east (WGS 84). */
  lat: number;
  lon: number;
  /** Metres above sea level. */
  altitude: number;
  /** Land cover of the station's 1 km pixel (Table 2). */
  landCover1km: string;
  /** Dominant land covers of its 25 km cell, in the order printed (Table 2). */
  landCover25km: string[];
  /** Sensor depth, metres (RDA TDR at 10 cm). */
  depth: number;
}

/** What serves a variable: `twin`, or the id of a product manifest in the same directory. */
export type SourceName = "twin" | string;

/** Keys of `sources`: every {@link VariableName} plus `stations` (the in-situ series). */
export const SOURCE_KEYS: readonly (VariableName | "stations")[] = [...VARIABLE_NAMES, "stations"];

/** The study manifest (`data-manifests/study.json`). */
export interface StudyManifest {
  kind: "study";
  id: string;
  title: string;
  reference: string;
  /** The study's 0.25° training domain (what the sources cover). */
  domain: BoundingBox;
  /** The domain as the paper states it (10.17–46.72°N, 106.05–178.25°E), kept for reference. */
  paperDomain?: BoundingBox;
  /** The 1 km application window (contains the stations). */
  applicationWindow: BoundingBox;
  period: DateRange;
  split: { train: DateRange; validation: DateRange };
  /** Map and station evaluation window (May–September 2015, 153 days). */
  evaluation: DateRange & { days: number };
  stations: StudyStation[];
  /** Which source serves each variable. */
  sources: Record<VariableName | "stations", SourceName>;
  /** Id of the twin manifest used when a source is `twin`. */
  twin: string;
  notes?: string;
}

const sourceName: Schema = {
  type: "string", pattern: /^(twin|[a-z0-9][a-z0-9.-]*)$/, patternText: "\"twin\" or a product manifest id",
};

/** The schema of a {@link StudyManifest}. */
export const studyManifestSchema: Schema = {
  type: "object",
  properties: {
    kind: { type: "string", enum: ["study"] },
    id: manifestId,
    title: text,
    reference: text,
    domain: boundingBox,
    paperDomain: { ...boundingBox, optional: true },
    applicationWindow: boundingBox,
    period: dateRange,
    split: { type: "object", properties: { train: dateRange, validation: dateRange } },
    evaluation: {
      type: "object",
      properties: { ...(dateRange as { properties: Record<string, Schema> }).properties, days: { type: "number", integer: true, min: 1 } },
    },
    stations: {
      type: "array", minItems: 1,
      items: {
        type: "object",
        properties: {
          id: { type: "string", pattern: /^[a-z]$/, patternText: "one lowercase letter (a-n)" },
          name: text,
          lat: latitude,
          lon: longitude,
          altitude: { type: "number", min: -500, max: 9000 },
          landCover1km: text,
          landCover25km: { type: "array", items: text, minItems: 1 },
          depth: { type: "number", min: 0, max: 5 },
        },
      },
    },
    sources: {
      type: "object",
      properties: Object.fromEntries(SOURCE_KEYS.map((k) => [k, sourceName])),
    },
    twin: manifestId,
    notes: optionalText,
  },
};
