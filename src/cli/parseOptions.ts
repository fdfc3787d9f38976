import { parseArgs } from "node:util";
import { UsageError } from "./usageError";

/** Option types accepted by {@link parseOptions}. */
export type OptionSpec = Record<string, { type: "string" | "boolean"; multiple?: boolean; short?: string }>;

/**
 * Parses `argv` strictly against `spec` (node:util parseArgs), turning its errors into a
 * {@link UsageError} that names the command and the offending option.
 *
 * @example
 * parseOptions("cubist", ["--rules", "5"], { rules: { type: "string" } }).values.rules; // "5"
 * @throws UsageError on an unknown option, a missing value, or an unexpected positional argument.
 */
export function parseOptions<T extends OptionSpec>(command: string, argv: string[], spec: T, allowPositionals = false) {
  try {
    return parseArgs({ args: argv, options: spec, strict: true, allowPositionals });
  } catch (e) {
    const message = (e as Error).message.replace(/\. To specify a positional argument.*$/s, "");
    throw new UsageError(`${command}: ${message}`);
  }
}

/**
 * Reads a numeric option: `undefined` when absent, else a finite number within [min, max]
 * (and an integer when `integer` is set).
 * @throws UsageError naming the option and the bad value.
 */
export function numberOption(
  command: string, name: string, raw: string | boolean | undefined,
  range: { min?: number; max?: number; integer?: boolean } = {},
): number | undefined {
  if (raw === undefined) return undefined;
  const value = Number(raw);
  const ok = typeof raw === "string" && raw.trim() !== "" && Number.isFinite(value) &&
    (!range.integer || Number.isInteger(value)) &&
    (range.min === undefined || value >= range.min) && (range.max === undefined || value <= range.max);
  if (!ok) {
    const kind = range.integer ? "an integer" : "a number";
    const bounds = range.min !== undefined || range.max !== undefined ? ` in [${range.min ?? "-inf"}, ${range.max ?? "inf"}]` : "";
    throw new UsageError(`${command}: --${name} must be ${kind}${bounds}, got '${raw}'`);
  }
  return value;
}
