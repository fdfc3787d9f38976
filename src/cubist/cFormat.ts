/**
 * C `printf` number formats as RuleQuest Cubist prints them (`%.Ng`, `%.Nf`), emulated exactly:
 * rounding is done on the exact binary value, halfway cases to even (glibc behaviour), which JS
 * `toFixed`/`toPrecision` do not do.
 */

/** Exact decimal expansion of a finite double as [sign, integer digits, fraction digits]. */
function exactDecimal(x: number): [string, string, string] {
  const sign = x < 0 || Object.is(x, -0) ? "-" : "";
  const a = Math.abs(x);
  if (a >= 1e21) return [sign, BigInt(a).toString(), ""];
  if (a >= 1e-7 || a === 0) {
    // exact: such doubles have at most 76 fractional binary (hence decimal) digits
    const s = a.toFixed(100);
    const dot = s.indexOf(".");
    return [sign, s.slice(0, dot), s.slice(dot + 1).replace(/0+$/, "")];
  }
  // tiny values: a = mant · 2^-e exactly, = mant · 5^e / 10^e
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, a);
  const hi = view.getUint32(0), lo = view.getUint32(4);
  const bexp = (hi >>> 20) & 0x7ff;
  let mant = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let e: number;
  if (bexp === 0) e = 1074; else { mant |= 1n << 52n; e = 1075 - bexp; }
  const digits = (mant * 5n ** BigInt(e)).toString().padStart(e + 1, "0");
  return [sign, digits.slice(0, digits.length - e), digits.slice(digits.length - e).replace(/0+$/, "")];
}

/**
 * Rounds a digit string `digits` (no dot) to its first `keep` digits, half to even, looking at
 * all the dropped digits. Returns the kept digits (may gain one digit on carry) and whether a
 * carry lengthened it.
 */
function roundDigits(digits: string, keep: number): { kept: string; carry: boolean } {
  if (keep >= digits.length) return { kept: digits.padEnd(keep, "0"), carry: false };
  if (keep < 0) return { kept: "", carry: false };
  const head = digits.slice(0, keep);
  const first = digits.charCodeAt(keep) - 48;
  const rest = digits.slice(keep + 1);
  let up = false;
  if (first > 5) up = true;
  else if (first === 5) {
    if (/[1-9]/.test(rest)) up = true;
    else up = keep > 0 ? (head.charCodeAt(keep - 1) - 48) % 2 === 1 : false;
  }
  if (!up) return { kept: head, carry: false };
  // add one to head
  const arr = head.split("");
  let i = arr.length - 1;
  while (i >= 0) {
    if (arr[i] === "9") { arr[i] = "0"; i--; } else { arr[i] = String.fromCharCode(arr[i].charCodeAt(0) + 1); break; }
  }
  if (i < 0) return { kept: "1" + arr.join(""), carry: true };
  return { kept: arr.join(""), carry: false };
}

/**
 * C `%.{decimals}f`.
 * @example formatFixed(2.5, 0); // "2" (half to even, like C)
 */
export function formatFixed(x: number, decimals: number): string {
  if (!Number.isFinite(x)) return Number.isNaN(x) ? "nan" : x > 0 ? "inf" : "-inf";
  const [sign, int, frac] = exactDecimal(x);
  const digits = int + frac;
  const keep = int.length + decimals;
  const { kept, carry } = roundDigits(digits, keep);
  const intLen = int.length + (carry ? 1 : 0);
  let ip = kept.slice(0, intLen).replace(/^0+(?=\d)/, "");
  if (ip === "") ip = "0";
  const fp = kept.slice(intLen);
  const body = decimals > 0 ? `${ip}.${fp}` : ip;
  const isZero = /^[0.]*$/.test(body);
  return (isZero && sign === "-" ? "-" : sign) + body;
}

const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22];

/** Veltkamp split constant 2^27 + 1. */
const SPLITTER = 134217729;

/** The rounding error of the double product a·b (a·b − fl(a·b), exact; Dekker's TwoProduct, no overflow here). */
function productError(a: number, b: number, prod: number): number {
  let c = SPLITTER * a;
  const ah = c - (c - a), al = a - ah;
  c = SPLITTER * b;
  const bh = c - (c - b), bl = b - bh;
  return ((ah * bh - prod) + ah * bl + al * bh) + al * bl;
}

const ZEROS8 = "00000000";

/**
 * %.<p>g for p ≤ 15 in fixed notation (decimal exponent −4..p−1) by integer scaling, exactly as C
 * rounds: the exact x·10^k (k = p − 1 − exponent ≤ 22, so 10^k is exact) is m + err with m its
 * double product and err the product's rounding error (TwoProduct); the nearest integer follows
 * from the sign of (m − ⌊m⌋ − ½) + err, which floating-point addition gets right (a sum is zero
 * only when it is exactly zero), and exact halves go to even. Null when the notation would be
 * exponential or the rounding carries into the next decade (the caller takes the exact path).
 */
function scaledFormatG(x: number, p: number): string | null {
  const ax = Math.abs(x);
  if (!(ax >= 1e-4 && ax < 1e15)) return null;
  let e = Math.floor(Math.log10(ax));
  let k = p - 1 - e;
  if (k < 0 || k > 21) return null;
  let m = ax * POW10[k];
  const lo = POW10[p - 1], hi = POW10[p];
  if (m < lo) { e--; k++; m = ax * POW10[k]; }
  else if (m >= hi) { e++; k--; if (k < 0) return null; m = ax * POW10[k]; }
  if (m < lo || m >= hi || e >= p || e < -4) return null;
  const err = productError(ax, POW10[k], m);
  const fl = Math.floor(m);
  const d = (m - fl - 0.5) + err;
  const r = d > 0 ? fl + 1 : d < 0 ? fl : fl % 2 === 0 ? fl : fl + 1;
  if (r >= hi) return null; // carry into the next decade
  const a = Math.floor(r / 1e8), b = r - a * 1e8;
  let digits: string;
  if (a > 0) { const bs = String(b); digits = String(a) + ZEROS8.slice(bs.length) + bs; } else digits = String(b);
  let end = digits.length;
  let s: string;
  if (e >= 0) {
    while (end > e + 1 && digits.charCodeAt(end - 1) === 48) end--;
    s = end > e + 1 ? digits.slice(0, e + 1) + "." + digits.slice(e + 1, end) : digits.slice(0, e + 1);
  } else {
    while (end > 1 && digits.charCodeAt(end - 1) === 48) end--;
    s = "0." + "000".slice(0, -e - 1) + digits.slice(0, end);
  }
  return x < 0 ? "-" + s : s;
}

/**
 * %.<p>g through `toPrecision` when that equals C's result: fixed notation only (rounded decimal
 * exponent in −4..p−1), and never when the value could be a tie at p digits (its p+1-digit
 * rendering ends in 5: `toPrecision` rounds ties up, C to even on the exact binary value; away from
 * ties both round the exact value to nearest). Null otherwise (the caller takes the exact path).
 */
function fastFormatG(x: number, p: number): string | null {
  if (p > 20) return null;
  const ax = Math.abs(x);
  if (!(ax >= 1e-4 && ax < 1e15)) return null;
  const s = x.toPrecision(p);
  if (s.indexOf("e") >= 0) return null;
  const t = x.toPrecision(p + 1);
  if (t.indexOf("e") >= 0 || t.charCodeAt(t.length - 1) === 53) return null; // "5": maybe a tie
  // rounded exponent: below −4, C prints an exponent (toPrecision prints fixed down to −6)
  if (ax < 1e-3) {
    const digits = s.replace(/^-?0\.?/, "");
    const zeros = digits.length - digits.replace(/^0+/, "").length;
    if (zeros >= 4) return null;
  }
  return s.indexOf(".") >= 0 ? s.replace(/\.?0+$/, "") : s;
}

/**
 * C `%.{precision}g`: `precision` significant digits, trailing zeros removed, exponent form when
 * the decimal exponent is < -4 or >= precision (exponent with at least two digits).
 * @example formatG(12345678, 7); // "1.234568e+07"
 * @example formatG(0.66799998, 8); // "0.66799998"
 */
export function formatG(x: number, precision = 6): string {
  if (!Number.isFinite(x)) return Number.isNaN(x) ? "nan" : x > 0 ? "inf" : "-inf";
  const p = precision === 0 ? 1 : precision;
  if (x === 0) return Object.is(x, -0) ? "-0" : "0";
  const fast = p <= 15 ? scaledFormatG(x, p) : fastFormatG(x, p);
  if (fast !== null) return fast;
  const [sign, int, frac] = exactDecimal(x);
  const all = int + frac;
  const firstNZ = all.search(/[1-9]/);
  // decimal exponent of the leading digit
  let exp = int.length - 1 - firstNZ;
  const sig = all.slice(firstNZ);
  const { kept, carry } = roundDigits(sig, p);
  let digits = kept;
  if (carry) { exp += 1; digits = digits.slice(0, p); }
  if (exp < -4 || exp >= p) {
    let mant = digits[0] + (p > 1 ? "." + digits.slice(1) : "");
    mant = mant.replace(/\.?0+$/, "");
    const es = Math.abs(exp) < 10 ? "0" + Math.abs(exp) : String(Math.abs(exp));
    return `${sign}${mant}e${exp < 0 ? "-" : "+"}${es}`;
  }
  let s: string;
  if (exp >= 0) {
    s = digits.slice(0, exp + 1) + (digits.length > exp + 1 ? "." + digits.slice(exp + 1) : "");
  } else {
    s = "0." + "0".repeat(-exp - 1) + digits;
  }
  if (s.includes(".")) s = s.replace(/\.?0+$/, "");
  return sign + s;
}
