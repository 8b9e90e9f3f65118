import { describe, expect, it } from "vitest";
import { exp, expWithCorrection, expm1, log, squareError } from "./elementary";

/** Values at the doubles nearest the arguments, computed at 40 digits. */
const EXP: [number, number][] = [
  [-707.5, 5.453232991066741607316e-308],
  [-300.25, 4.009422364622857039951e-131],
  [-20.3, 1.526940159126608633649e-9],
  [-1.7, 0.1826835240527346583367],
  [-0.001, 0.9990004998333749916473],
  [0.3, 1.349858807576003088997],
  [5.5, 244.6919322642203879152],
  [708.5, 4.984716099444166292566e307],
];
const EXPM1: [number, number][] = [
  [1e-10, 1.000000000050000036434e-10],
  [-0.001, -0.0009995001666250083527405],
  [0.03, 0.03045453395351685446841],
  [-0.2, -0.1812692469220181504198],
  [0.25, 0.2840254166877414840734],
  [-0.25, -0.2211992169285951317548],
];
const LOG: [number, number][] = [
  [1e-300, -690.7755278982137051803],
  [1e-10, -23.02585092994045680375],
  [0.5, -0.6931471805599453094172],
  [0.98, -0.02020270731751946653414],
  [0.999, -0.00100050033358353438921],
  [0.9999999999, -1.000000082790371007368e-10],
  [1.000000001, 1.000000082240370916683e-9],
  [1.01, 0.009950330853168091642061],
  [1.5, 0.405465108108164381978],
  [2, 0.6931471805599453094172],
  [10, 2.302585092994045684018],
  [1e100, 230.2585092994045684177],
];

function relative(got: number, want: number): number {
  return Math.abs(got - want) / Math.abs(want);
}

/** A small deterministic sequence of uniforms in [0, 1). */
function* uniforms(n: number): Generator<number> {
  let state = 2026;
  for (let i = 0; i < n; i++) {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    yield state / 2 ** 32;
  }
}

describe("elementary functions", () => {
  it.each(EXP)("exp(%d) to within an ulp", (x, want) => {
    expect(relative(exp(x), want)).toBeLessThan(Number.EPSILON);
  });

  it.each(EXPM1)("expm1(%d) to within an ulp", (x, want) => {
    expect(relative(expm1(x), want)).toBeLessThan(Number.EPSILON);
  });

  it.each(LOG)("log(%d) to within an ulp", (x, want) => {
    expect(relative(log(x), want)).toBeLessThan(Number.EPSILON);
  });

  it("agree with Math.exp, Math.expm1 and Math.log to within two ulps over their ranges", () => {
    for (const u of uniforms(20000)) {
      // (Normal results only: relative errors mean little among subnormals.)
      const x = -708 + 1417 * u;
      expect(relative(exp(x), Math.exp(x))).toBeLessThan(2 * Number.EPSILON);
      const y = (u - 0.5) * 1.2;
      expect(relative(expm1(y), Math.expm1(y))).toBeLessThan(2 * Number.EPSILON);
      const z = Math.exp((u - 0.5) * 1400);
      if (z !== 1) expect(relative(log(z), Math.log(z))).toBeLessThan(2 * Number.EPSILON);
    }
  });

  it("take the correction into the exponent: e^(x + dx) for the rounding error of a square", () => {
    const y = 3.7;
    const p = y * y;
    // y² = p + squareError(y, p) exactly; e^(−y²) at the double nearest 3.7, at 40 digits.
    expect(relative(expWithCorrection(-p, -squareError(y, p)), 1.1337271387479641617e-6)).toBeLessThan(Number.EPSILON);
  });

  it("hand the edges to Math", () => {
    expect(exp(-800)).toBe(0);
    expect(exp(800)).toBe(Infinity);
    expect(exp(Number.NaN)).toBeNaN();
    expect(exp(0)).toBe(1);
    expect(expm1(0)).toBe(0);
    expect(expm1(-Infinity)).toBe(-1);
    expect(log(1)).toBe(0);
    expect(log(0)).toBe(-Infinity);
    expect(log(-1)).toBeNaN();
    expect(log(Infinity)).toBe(Infinity);
    expect(log(5e-324)).toBe(Math.log(5e-324));
    expect(log(Number.MAX_VALUE)).toBe(Math.log(Number.MAX_VALUE));
  });
});
