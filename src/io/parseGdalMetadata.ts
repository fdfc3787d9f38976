/** The items of a GDAL_METADATA TIFF tag (42112), split into dataset-level and per-band items. */
export interface GdalMetadata {
  /** Items without a `sample` attribute (e.g. AppEEARS `scale_factor`, `add_offset`, `units`). */
  dataset: Record<string, string>;
  /** Items with `sample="i"` (0-based band), keyed by name; `role="scale"` items appear as `SCALE` etc. */
  bands: Record<string, string>[];
}

/**
 * Parses the XML of the GDAL_METADATA tag: `<GDALMetadata><Item name="N" sample="0" role="scale">v</Item>…`.
 * Entities `&amp; &lt; &gt; &quot; &apos;` are decoded. Items of a non-default metadata domain are skipped.
 *
 * @example
 * parseGdalMetadata('<GDALMetadata><Item name="SCALE" sample="0" role="scale">0.5</Item></GDALMetadata>').bands[0].SCALE; // "0.5"
 */
export function parseGdalMetadata(xml: string | null | undefined): GdalMetadata {
  const out: GdalMetadata = { dataset: {}, bands: [] };
  if (!xml) return out;
  const decode = (s: string) => s.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, "&");
  const itemRe = /<Item\s+([^>]*?)(?:\/>|>([\s\S]*?)<\/Item>)/g;
  let m: RegExpExecArray | null;
  while ((m = itemRe.exec(xml)) !== null) {
    const attrs: Record<string, string> = {};
    const attrRe = /(\w+)\s*=\s*"([^"]*)"/g;
    let a: RegExpExecArray | null;
    while ((a = attrRe.exec(m[1])) !== null) attrs[a[1]] = decode(a[2]);
    if (attrs.domain) continue;
    const name = attrs.role === "scale" ? "SCALE" : attrs.role === "offset" ? "OFFSET" : attrs.role === "unittype" ? "UNITTYPE" : attrs.name;
    if (!name) continue;
    const value = decode((m[2] ?? "").trim());
    if (attrs.sample !== undefined) {
      const s = Number(attrs.sample);
      if (!Number.isInteger(s) || s < 0) continue;
      while (out.bands.length <= s) out.bands.push({});
      out.bands[s][name] = value;
    } else {
      out.dataset[name] = value;
    }
  }
  return out;
}
