import * as fs from "node:fs";
import { ManifestError } from "./manifestError";
import { hideUserinfo } from "./urlCredentialIssues";

/**
 * Reads and parses a JSON manifest file.
 *
 * @example
 * readManifestJson("data-manifests/twin.json").kind; // "twin"
 * @throws ManifestError naming the file when it cannot be read or is not valid JSON (with the parser's position).
 */
export function readManifestJson(file: string): unknown {
  if (typeof file !== "string" || file === "") throw new TypeError(`readManifestJson: file must be a non-empty path, got ${JSON.stringify(file)}`);
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? "read error";
    throw new ManifestError(file, [], `cannot read the manifest (${code})`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    // V8 quotes the text around the error: hide any user:password@ it holds
    const m = (e as Error).message;
    throw new ManifestError(file, [], `not valid JSON: ${text.trim() === "" ? "the file is empty" : /Unexpected end of JSON input/.test(m) ? "it ends early (truncated file?)" : hideUserinfo(m)}`);
  }
}
