/**
 * Standard-normal helpers for the rain and cloud generators, as fast table look-ups.
 * Φ⁻¹ by Acklam's rational approximation (relative error < 1.2e-9); the upper-tail conditional mean
 * E[Z − t | Z > t] = φ(t)/Q(t) − t (inverse Mills ratio minus t) from a table on t ∈ [−4, 6].
 */
export function inverseNormalCdf(p: number): number {
  const a = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
  const b = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
  const c = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
  const pl = 0.02425;
  if (p <= 0) return -Infinity;
  if (p >= 1) return Infinity;
  if (p < pl) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  if (p > 1 - pl) {
    const q = Math.sqrt(-2 * Math.log(1 - p));
    return -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  const q = p - 0.5, r = q * q;
  return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
}

const QUANT_N = 2048;
const quantTable = new Float64Array(QUANT_N + 1);
for (let i = 0; i <= QUANT_N; i++) quantTable[i] = inverseNormalCdf(Math.min(1 - 1e-7, Math.max(1e-7, i / QUANT_N)));

/** Φ⁻¹(p) by linear interpolation in a 2,049-entry table (p clamped to [1e-7, 1 − 1e-7]). */
export function quantileLookup(p: number): number {
  const x = Math.max(0, Math.min(1, p)) * QUANT_N;
  const i = Math.min(QUANT_N - 1, Math.floor(x));
  return quantTable[i] + (x - i) * (quantTable[i + 1] - quantTable[i]);
}

/** Upper tail Q(t) = 1 − Φ(t) by Simpson integration of the density (used to build the table once). */
function upperTail(t: number): number {
  // Q(t) = ∫_t^∞ φ; integrate to t + 12
  const n = 2000, h = 12 / n;
  let s = 0;
  for (let i = 0; i <= n; i++) {
    const x = t + i * h;
    const f = Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);
    s += (i === 0 || i === n ? 1 : i % 2 ? 4 : 2) * f;
  }
  return (s * h) / 3;
}

const EXC_LO = -4, EXC_HI = 6, EXC_N = 500;
const excTable = new Float64Array(EXC_N + 1);
for (let i = 0; i <= EXC_N; i++) {
  const t = EXC_LO + ((EXC_HI - EXC_LO) * i) / EXC_N;
  excTable[i] = Math.exp(-0.5 * t * t) / Math.sqrt(2 * Math.PI) / upperTail(t) - t;
}

/** E[Z − t | Z > t] for a standard normal Z (table, t clamped to [−4, 6]). */
export function meanExcess(t: number): number {
  const x = ((Math.max(EXC_LO, Math.min(EXC_HI, t)) - EXC_LO) / (EXC_HI - EXC_LO)) * EXC_N;
  const i = Math.min(EXC_N - 1, Math.floor(x));
  return excTable[i] + (x - i) * (excTable[i + 1] - excTable[i]);
}
