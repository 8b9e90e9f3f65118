import { describe, expect, it } from "vitest";
import { erf, erfc, erfcx, inverseNormCdf, normCdf, normPdf } from "./normal";

/** Values computed at 40 digits. */
const ERFC: [number, number, number][] = [
  [-3, 1.9999779095030014146, 16205.988853999586625],
  [-0.3, 1.3286267594591274162, 1.4537492328427655561],
  [0.1, 0.8875370839817151016, 0.89645697996912663741],
  [0.5, 0.47950012218695346232, 0.61569034419292587487],
  [1, 0.15729920705028513066, 0.42758357615580700441],
  [2.5, 0.00040695201744495893956, 0.21080636406114358065],
  [4, 1.5417257900280018852e-8, 0.13699945762506138989],
  [5, 1.5374597944280348502e-12, 0.11070463773306862637],
  [10, 2.088487583762544757e-45, 0.056140992743822585858],
  [26, 5.6631924088561428465e-296, 0.021683584850562906616],
];

const CDF: [number, number][] = [
  [-37, 5.7255712225245768227e-300],
  [-20, 2.7536241186062336951e-89],
  [-10, 7.619853024160526066e-24],
  [-5, 2.8665157187919391167e-7],
  [-1, 0.15865525393145705141],
  [0.5, 0.69146246127401310364],
  [3, 0.99865010196836990547],
];

function relative(got: number, want: number): number {
  return Math.abs(got - want) / Math.abs(want);
}

describe("error function family", () => {
  it.each(ERFC)("erfc(%d) and erfcx to 1e-15 relative", (x, wantErfc, wantErfcx) => {
    expect(relative(erfc(x), wantErfc)).toBeLessThan(1e-15);
    expect(relative(erfcx(x), wantErfcx)).toBeLessThan(1e-15);
    expect(Math.abs(erf(x) - (1 - wantErfc))).toBeLessThan(2e-16);
  });

  it("erfcx keeps its asymptote 1/(x√π) for huge x and erfc underflows cleanly", () => {
    expect(relative(erfcx(1e9), 1 / (1e9 * Math.sqrt(Math.PI)))).toBeLessThan(1e-15);
    expect(erfc(30)).toBe(0);
    expect(erfc(-30)).toBe(2);
  });
});

describe("normal distribution", () => {
  it.each(CDF)("Φ(%d) to 1e-15 relative, including the far lower tail", (z, want) => {
    expect(relative(normCdf(z), want)).toBeLessThan(1e-15);
  });

  it("is symmetric and integrates its density", () => {
    for (const z of [-6, -2.2, -0.4, 0, 0.7, 3.3]) {
      expect(normCdf(z) + normCdf(-z)).toBeCloseTo(1, 15);
      const h = 1e-5;
      expect((normCdf(z + h) - normCdf(z - h)) / (2 * h)).toBeCloseTo(normPdf(z), 9);
    }
  });

  it("inverts Φ to full precision from 1e-300 to 1 − 1e-12", () => {
    expect(inverseNormCdf(0.975)).toBeCloseTo(1.959963984540054, 14);
    expect(inverseNormCdf(0.025)).toBeCloseTo(-1.959963984540054, 14);
    for (const p of [1e-300, 1e-100, 1e-20, 1e-6, 0.01, 0.2, 0.6, 0.9, 0.999999]) {
      // Φ(z) moves by z²·ε relative when z moves by one rounding.
      const z = inverseNormCdf(p);
      expect(relative(normCdf(z), p)).toBeLessThan(4 * Number.EPSILON * Math.max(1, z * z));
    }
    expect(inverseNormCdf(0)).toBe(-Infinity);
    expect(inverseNormCdf(1)).toBe(Infinity);
    expect(inverseNormCdf(0.5)).toBe(0);
  });
});
