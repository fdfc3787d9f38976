import type { ProductManifest, ProductVariable } from "../manifests/productManifest";
import type { VariableName } from "./layerSource";

/** Which of the project's readers (src/products) turns a product's files into daily layers. */
export type ProductReaderKind = "gldas" | "amsr2-jaxa" | "amsr2-lprm" | "ascat-swath" | "ascat-cdr" | "modis" | "srtm";

/** A study variable routed to a product: the manifest, the variable entry that serves it, and the reader. */
export interface ProductRoute {
  variable: VariableName;
  manifest: ProductManifest;
  /** The product variable whose `serves` is {@link variable}. */
  productVariable: ProductVariable;
  reader: ProductReaderKind;
}

/**
 * Checks that `manifest` serves `variable` (one of its `variables[]` has `serves: variable`) and picks the reader
 * from the manifest's file-name template: GLDAS Noah granules (`GLDAS_…nc4`) for gldas_sm; JAXA L3
 * (`GW1AM2_…h5`) or LPRM (`LPRM-AMSR2_…nc4`) for amsr2_sm; EUMETSAT ASCAT swaths (`…ASCAT…ssm_l2.nc`) for
 * ascat_sm, or H SAF CDR cell files (`{product}_{cell}.nc`); MODIS GeoTIFF exports (AppEEARS / MODIStsp) for lst, ndvi and landcover; SRTM tiles (`.hgt`,
 * `.hgt.zip`, GeoTIFF) for dem.
 *
 * @throws Error naming the variable, the product and what it serves when the product does not serve the variable
 *   (a study manifest routing `lst` to the GLDAS manifest, say), or when no reader exists for the product
 *   (e.g. H SAF ASCAT CDR cells, soil, precipitation: no product manifest or reader yet).
 * @example
 * productRoute("gldas_sm", loadProductManifest("data-manifests/gldas-noah025-3h-v2.1.json")).reader; // "gldas"
 */
export function productRoute(variable: VariableName, manifest: ProductManifest): ProductRoute {
  if (!manifest || manifest.kind !== "product") throw new TypeError(`productRoute: manifest for ${variable} must be a product manifest, got ${JSON.stringify(manifest && (manifest as { kind?: unknown }).kind)}`);
  const productVariable = manifest.variables.find((v) => v.serves === variable);
  if (!productVariable) {
    const served = manifest.variables.map((v) => v.serves).filter((s): s is NonNullable<typeof s> => !!s);
    throw new Error(`study manifest: sources.${variable} is '${manifest.id}', but product ${manifest.id} serves ${served.length ? served.map((s) => `'${s}'`).join(", ") : "no study variable"}, not '${variable}'`);
  }
  const name = manifest.files.nameTemplate;
  let reader: ProductReaderKind | null = null;
  if (variable === "gldas_sm" && /^GLDAS_NOAH/i.test(name)) reader = "gldas";
  else if (variable === "amsr2_sm" && /^GW1AM2_/.test(name)) reader = "amsr2-jaxa";
  else if (variable === "amsr2_sm" && /^LPRM-AMSR2_/.test(name)) reader = "amsr2-lprm";
  else if (variable === "ascat_sm" && /ASCAT/.test(name) && /ssm_l2/.test(name)) reader = "ascat-swath";
  else if (variable === "ascat_sm" && /\{cell\}/.test(name)) reader = "ascat-cdr";
  else if (variable === "lst" || variable === "ndvi" || variable === "landcover") reader = "modis";
  else if (variable === "dem") reader = "srtm";
  if (!reader) {
    throw new Error(`study manifest: sources.${variable} is '${manifest.id}' (${manifest.files.format}, files ${name}), but no reader turns that product into daily ${variable} layers yet; set sources.${variable} to "twin"`);
  }
  return { variable, manifest, productVariable, reader };
}
