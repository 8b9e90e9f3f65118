/**
 * Counter-based randomness: every draw is a pure function of (seed, stream, index), so any price at any
 * simulated time can be recomputed without replaying a shared generator, and two runs with the same seed agree.
 */

/** 32-bit FNV-1a of a string; used to turn names (symbols, purposes) into stream ids. */
export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** A well-mixed 32-bit value from three integers (murmur3 finaliser over a simple combination). */
function mix(a: number, b: number, c: number): number {
  let h = (a ^ Math.imul(b, 0x9e3779b1) ^ Math.imul(c, 0x85ebca77)) >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  h = Math.imul(h ^ Math.imul(c, 0x27d4eb2f), 0x165667b1);
  h ^= h >>> 15;
  return h >>> 0;
}

/** Uniform in (0, 1), never exactly 0 or 1. */
export function uniform(seed: number, stream: number, index: number): number {
  const hi = mix(seed, stream, index * 2);
  const lo = mix(seed ^ 0x5bd1e995, stream, index * 2 + 1);
  return (hi * 2 ** 21 + (lo >>> 11) + 0.5) / 2 ** 53;
}

/** Standard normal via Box-Muller on two counter-based uniforms. */
export function normal(seed: number, stream: number, index: number): number {
  const u1 = uniform(seed, stream, index * 2);
  const u2 = uniform(seed, stream ^ 0x2545f491, index * 2 + 1);
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}

/** Integer in [lo, hi], inclusive. */
export function intBetween(seed: number, stream: number, index: number, lo: number, hi: number): number {
  return lo + Math.floor(uniform(seed, stream, index) * (hi - lo + 1));
}
