import { describe, expect, it } from "vitest";
import { LineBudget } from "./line-budget";

describe("LineBudget", () => {
  it("never lets more tasks than lines run at once, and serves waiters in order", async () => {
    const budget = new LineBudget(3);
    let running = 0;
    let peak = 0;
    const order: number[] = [];
    const task = (i: number) =>
      budget.with(async () => {
        running++;
        peak = Math.max(peak, running);
        await new Promise((r) => setTimeout(r, 5));
        order.push(i);
        running--;
      });
    await Promise.all(Array.from({ length: 10 }, (_, i) => task(i)));
    expect(peak).toBe(3);
    expect(order).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(budget.used).toBe(0);
  });

  it("frees the line when a task fails, and ignores a second release", async () => {
    const budget = new LineBudget(1);
    await expect(budget.with(() => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    const release = await budget.acquire();
    release();
    release();
    expect(budget.used).toBe(0);
  });
});
