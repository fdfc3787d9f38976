import type { LatLonGridSpec } from "../grid/latLonGrid";
import type { Schema } from "./checkSchema";
import { latLonGridSpec, manifestId, optionalText } from "./common";

/** The twin manifest (`data-manifests/twin.json`): which configuration, which seed, which grids. */
export interface TwinManifest {
  kind: "twin";
  id: string;
  /** Twin configuration name (`default`, `tiny`). */
  config: string;
  /** Seed of the generator (same config + seed ⇒ same bytes). */
  seed: number;
  /** Named grids (EPSG:4326, rows north to south), e.g. `coarse` (0.25°) and `fine` (1 km ≈ 0.01°). */
  grids: Record<string, LatLonGridSpec & { note?: string }>;
  notes?: string;
}

/** The schema of a {@link TwinManifest}. */
export const twinManifestSchema: Schema = {
  type: "object",
  properties: {
    kind: { type: "string", enum: ["twin"] },
    id: manifestId,
    config: { type: "string", pattern: /^[a-z][a-z0-9-]*$/, patternText: "a configuration name like default" },
    seed: { type: "number", integer: true, min: 0, max: 4294967295 },
    grids: { type: "object", properties: {}, additional: latLonGridSpec },
    notes: optionalText,
  },
};
