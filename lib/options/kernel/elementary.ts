/**
 * e^x, e^x − 1 and ln z in plain arithmetic for the pricing kernels' hot loops, where V8's Math.exp,
 * Math.expm1 and Math.log are calls into C that cost more than the arithmetic they do (and make the
 * caller save its registers). Each stays within about half an ulp, as the C functions do; arguments they do
 * not cover are handed to those.
 *
 * The numbers in the functions are written where they are used, as in normal.ts: V8 loads a module-level
 * constant from the module's context, with checks, at every use.
 */

/**
 * The rounding error of y·y: y² = (y·y) + squareError(y, y·y) exactly (Dekker's product with Veltkamp's
 * split: c − (c − y) with c = (2²⁷ + 1)·y keeps the high 26 bits of y).
 */
export function squareError(y: number, p: number): number {
  const c = 134217729 * y;
  const high = c - (c - y);
  const low = y - high;
  return high * high - p + 2 * high * low + low * low;
}

/**
 * e^x = 2^(k/128)·e^r with k the nearest integer to x·128/ln 2 and |r| ≤ ln 2/256: 2^(k/128) is a power of
 * two (POW2) times a tabulated 2^(j/128) (EXP_TABLE), e^r a short polynomial. ln 2/128 is taken in two
 * parts, 23816355775/2⁴² (35 significant bits, so that k times it is exact for |k| < 2¹⁸) and
 * −1.0082281460997769e-13.
 */
const EXP_TABLE_SIZE = 128;
/** 2^m for m = −1022 … 1023 at index m + 1022, by exact doublings. */
const POW2 = powersOfTwo();
/** Per j: 2^(j/128) rounded, then the relative error of that rounding (the exact value is entry·(1 + tail)). */
const EXP_TABLE = expTable();

function powersOfTwo(): Float64Array {
  const table = new Float64Array(2046);
  table[1022] = 1;
  for (let m = 1; m <= 1023; m++) table[1022 + m] = 2 * (table[1022 + m - 1] ?? 0);
  for (let m = 1; m <= 1022; m++) table[1022 - m] = 0.5 * (table[1022 - m + 1] ?? 0);
  return table;
}

/**
 * The table's entries and their tails. The tail of v ≈ 2^(j/128) comes from v^128, computed in
 * double-double by seven squarings: 2^j = v^128·(1 + tail)^128, so tail = (2^j − v^128)/(128·v^128) to
 * far below an ulp.
 */
function expTable(): Float64Array {
  const table = new Float64Array(2 * EXP_TABLE_SIZE);
  for (let j = 0; j < EXP_TABLE_SIZE; j++) {
    const value = Math.pow(2, j / EXP_TABLE_SIZE);
    let high = value;
    let low = 0;
    for (let n = 0; n < 7; n++) {
      const p = high * high;
      const error = squareError(high, p) + 2 * high * low;
      high = p + error;
      low = error - (high - p);
    }
    // 2^j − high is exact: the two are within a factor of two.
    table[2 * j] = value;
    table[2 * j + 1] = (Math.pow(2, j) - high - low) / (EXP_TABLE_SIZE * high);
  }
  return table;
}

/**
 * (The table reads below default to 0 rather than NaN: the indices are always in range, and the shorter
 * bytecode leaves the callers more of the optimising compiler's inlining budget.)
 *
 * e^(x + dx) for a small correction dx (|dx| below an ulp of x, such as the rounding error of the
 * computation of x), to within about half an ulp. Within −708 < x < 709 (a normal result) from the table,
 * beyond that from Math.exp.
 */
export function expWithCorrection(x: number, dx: number): number {
  if (!(x > -708 && x < 709)) return Math.exp(x + dx);
  // k = x·128/ln 2 rounded to the nearest integer by adding and subtracting 1.5·2⁵² (Math.round branches).
  const k = x * 184.6649652337873 + 6755399441055744 - 6755399441055744;
  const r = x - k * (23816355775 / 2 ** 42) - k * -1.0082281460997769e-13 + dx;
  const n = k | 0;
  const j = 2 * (n & 127);
  const scale = (EXP_TABLE[j] ?? 0) * (POW2[(n >> 7) + 1022] ?? 0);
  // e^r − 1 from its Taylor series: with |r| < 0.0028 the terms beyond r⁵ are below 2⁻⁶⁰.
  const r2 = r * r;
  const poly = (EXP_TABLE[j + 1] ?? 0) + r + r2 * (0.5 + r * (1 / 6) + r2 * (1 / 24 + r * (1 / 120)));
  return scale + scale * poly;
}

/** e^x to within about half an ulp. */
export function exp(x: number): number {
  return expWithCorrection(x, 0);
}

/**
 * e^y − 1 to within about half an ulp: for |y| ≤ 1/4 (discount factors e^(−rT) − 1) its Taylor polynomial
 * of degree 13, whose terms left out are below 2⁻⁶² of it, in Estrin's scheme (short chains of dependent
 * operations); beyond that Math.expm1.
 */
export function expm1(y: number): number {
  if (!(y <= 0.25 && y >= -0.25)) return Math.expm1(y);
  const y2 = y * y;
  const y4 = y2 * y2;
  const low =
    1 / 2 + (1 / 6) * y + y2 * (1 / 24 + (1 / 120) * y) + y4 * (1 / 720 + (1 / 5040) * y + y2 * (1 / 40320 + (1 / 362880) * y));
  const high = 1 / 3628800 + (1 / 39916800) * y + y2 * (1 / 479001600 + (1 / 6227020800) * y);
  return y + y2 * (low + y4 * y4 * high);
}

/**
 * ln z for positive normal z below 2¹⁰²³: z = 2^e·m with m in [1, 2), and m = c·(1 + r) with c = 2^(j/128)
 * the entry of the exponential's table nearest m, so that ln z = (128e + j)·ln 2/128 − tail(c) + ln(1 + r)
 * with |r| < 0.0047. The first term is exact in double-double (ln 2/128 in two parts, as for the
 * exponential) and m − c is exact, which leaves the rounding of r·(1/c), below 2⁻⁵⁹ absolute. Within 1/64
 * of z = 1, where that would be a large part of a small result, the first entry (c = 1, j = 0) with e = 0:
 * r = z − 1 exactly and the rest zero.
 */
const LOG_TABLE_SIZE = 256;
/** Per subinterval [1 + i/256, 1 + (i + 1)/256) of m: c, 1/c, j and the tail of c. */
const LOG_TABLE = logTable();
/** A double's high 32 bits through an Int32Array over its bytes, at index 1 on little-endian machines. */
const bits = new Float64Array(1);
const words = new Int32Array(bits.buffer);
const HIGH_WORD = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0;

function logTable(): Float64Array {
  const table = new Float64Array(4 * LOG_TABLE_SIZE);
  for (let i = 0; i < LOG_TABLE_SIZE; i++) {
    const centre = 1 + (i + 0.5) / LOG_TABLE_SIZE;
    const j = Math.round(EXP_TABLE_SIZE * Math.log2(centre));
    const c = j === EXP_TABLE_SIZE ? 2 : (EXP_TABLE[2 * j] ?? Number.NaN);
    table[4 * i] = c;
    table[4 * i + 1] = 1 / c;
    table[4 * i + 2] = j;
    table[4 * i + 3] = j === EXP_TABLE_SIZE ? 0 : (EXP_TABLE[2 * j + 1] ?? Number.NaN);
  }
  return table;
}

/** ln z to within about half an ulp. */
export function log(z: number): number {
  bits[0] = z;
  const high = words[HIGH_WORD] ?? 0;
  // The table covers 2⁻¹⁰²² ≤ z < 2¹⁰²³ (high words 0x00100000 … 0x7fe00000).
  if (!(high >= 0x00100000 && high < 0x7fe00000)) return Math.log(z);
  // Near z = 1 (far = 0) e and the entry are zero: c = 1 and r = z − 1, chosen without a branch.
  const far = 1 - (+(z < 1 + 1 / 64) & +(z > 1 - 1 / 64));
  const e = far * ((high >> 20) - 1023);
  const i = far * 4 * ((high >> 12) & 255);
  const r = (z * (POW2[1022 - e] ?? 0) - (LOG_TABLE[i] ?? 0)) * (LOG_TABLE[i + 1] ?? 0);
  const n = 128 * e + (LOG_TABLE[i + 2] ?? 0);
  // n·ln 2/128 + r as an exact sum high + low (|n·ln 2/128| ≥ |r| unless n = 0).
  const w = n * (23816355775 / 2 ** 42);
  const sum = w + r;
  const low = w - sum + r;
  // ln(1 + r) − r from its Taylor series to r¹⁰: the terms left out are below 2⁻⁶³ of ln(1 + r).
  const r2 = r * r;
  const r4 = r2 * r2;
  const series =
    r2 * (-1 / 2 + r * (1 / 3) + r2 * (-1 / 4 + r * (1 / 5)) + r4 * (-1 / 6 + r * (1 / 7) + r2 * (-1 / 8 + r * (1 / 9)) + r4 * (-1 / 10)));
  return sum + (low + n * -1.0082281460997769e-13 - (LOG_TABLE[i + 3] ?? 0) + series);
}
