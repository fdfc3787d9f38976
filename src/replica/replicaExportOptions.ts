import type { LatLonGrid } from "../grid/latLonGrid";
import type { ProductManifest } from "../manifests/productManifest";
import type { LayerSource } from "../sources/layerSource";

/**
 * What every gridded replica export takes: the data, its grid, the product's manifest (whose URL template gives
 * the provider's layout), where to write and which days. Each exporter says which variable it reads and which
 * grids and manifests it accepts.
 */
export interface ReplicaExportOptions {
  /** The data to export (a twin, or any {@link LayerSource} serving the product's variable on `grid`). */
  source: LayerSource;
  /** The source's grid (each exporter says which lattice it must lie on). */
  grid: LatLonGrid;
  /** The product manifest (its URL template and expansions give the files). */
  manifest: ProductManifest;
  /** Replica directory. */
  outDir: string;
  /** First day, `YYYY-MM-DD`. */
  from: string;
  /** Last day, `YYYY-MM-DD` (inclusive). */
  to: string;
}
