import { describe, expect, it } from "vitest";
import {
  erf,
  erfc,
  erfcOrErfcx,
  erfcx,
  erfcxAbove,
  erfcxFromGaussian,
  gaussianFactor,
  gaussianFactor2,
  inverseNormCdf,
  normCdf,
  normPdf,
} from "./normal";

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

/** e^{−z²/2} and e^{−(h²+t²)/2}, computed at 40 digits. */
const GAUSSIAN: [number, number][] = [
  [0.3, 0.9559974818330999102],
  [1.7, 0.23574607655586354858],
  [3.5, 0.0021874911181828851233],
  [7.25, 3.8565427284697243701e-12],
  [12.1, 1.6123987480502366188e-32],
  [25.3, 1.0144310628962907567e-139],
];
const GAUSSIAN2: [number, number, number][] = [
  [-0.4, 0.1, 0.91851228440145734727],
  [-3.3, 0.05, 0.0043124460795309387001],
  [-11.7, 0.002, 1.8824060827790475217e-30],
  [-2.2, 1.6, 0.024723526470339378027],
  [-30.1, 0.3, 1.7493832895019610608e-197],
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

describe("Gaussian factors from one exponential", () => {
  // Without putting back the rounding of z², e^{−z²/2} would be off by up to z²·ε/2 relative (160 ε at 25).
  it.each(GAUSSIAN)("e^{−z²/2} at z = %d to 2 ulps", (z, want) => {
    expect(relative(gaussianFactor(z), want)).toBeLessThan(2 * Number.EPSILON);
    expect(relative(gaussianFactor(-z), want)).toBeLessThan(2 * Number.EPSILON);
  });

  it.each(GAUSSIAN2)("e^{−(h²+t²)/2} at h = %d, t = %d to 2 ulps", (h, t, want) => {
    expect(relative(gaussianFactor2(h, t), want)).toBeLessThan(2 * Number.EPSILON);
  });

  it("underflows to 0 and passes NaN through", () => {
    expect(gaussianFactor(40)).toBe(0);
    expect(gaussianFactor(Infinity)).toBe(0);
    expect(gaussianFactor(Number.NaN)).toBeNaN();
    expect(gaussianFactor2(30, 30)).toBe(0);
  });

  it("erfcx from a given e^{−y²} agrees with erfcx", () => {
    for (const y of [0, 0.1, 0.46875, 0.5, 1.3, 4, 4.5, 20]) {
      expect(relative(erfcxFromGaussian(y, Math.exp(-y * y)), erfcx(y))).toBeLessThan(4 * Number.EPSILON);
    }
  });

  it("gives Cody's rational functions as they come: erfc up to 0.46875, erfcx beyond", () => {
    for (const y of [0, 0.1, 0.46875]) expect(erfcOrErfcx(y)).toBe(erfc(y));
    for (const y of [0.5, 1.3, 4, 4.5, 20, 1e8]) {
      expect(erfcOrErfcx(y)).toBe(erfcx(y));
      expect(erfcxAbove(y)).toBe(erfcx(y));
    }
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
