import type { Layer, VariableName } from "../sources/layerSource";
import type { ProductLayer } from "./productLayer";

/**
 * Wraps a reader's {@link ProductLayer} as the project's `Layer` (src/sources/layerSource.ts), for a
 * `LayerSource` over real files: same grid, values, date, units and counts; provenance = the file names.
 * @throws RangeError when the layer has no date but the variable is daily (everything but dem, soil, landcover).
 * @example
 * const layer = toLayer(gldasDay, "gldas_sm"); // layer.provenance "…/GLDAS_NOAH025_3H.A20160101.0300.021.nc4"
 */
export function toLayer(product: ProductLayer, variable: VariableName): Layer {
  const isStatic = variable === "dem" || variable === "soil" || variable === "landcover";
  if (!isStatic && product.date === null) throw new RangeError(`toLayer: ${variable} is a daily variable but the layer from ${product.sources.join(", ")} has no date`);
  return {
    variable,
    date: product.date,
    grid: product.grid,
    values: product.values,
    units: product.units,
    counts: { ...product.counts },
    provenance: product.sources.join(", "),
  };
}
