import { describe, expect, it } from "vitest";
import { IbErrorCode } from "../errors";
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

  it("keeps its reserved lines for interactive work, and serves waiters by class", async () => {
    const budget = new LineBudget(4, 1);
    const page = await Promise.all([budget.acquire("page"), budget.acquire("page"), budget.acquire("page")]);
    const granted: string[] = [];
    const waitingPage = budget.acquire("page").then((release) => (granted.push("page"), release));
    const waitingBackground = budget.acquire("background").then((release) => (granted.push("background"), release));
    await Promise.resolve();
    expect(budget.used).toBe(3);
    // The reserved line: Claude's quote does not wait for the chain to give one back.
    const quote = await budget.acquire("interactive");
    expect(budget.used).toBe(4);
    const waitingApproval = budget.acquire("interactive").then((release) => (granted.push("interactive"), release));
    page[0]!();
    page[1]!();
    page[2]!();
    quote();
    const releases = await Promise.all([waitingApproval, waitingPage, waitingBackground]);
    expect(granted).toEqual(["interactive", "page", "background"]);
    for (const release of releases) release();
    expect(budget.used).toBe(0);
  });

  it("drops a waiter whose caller went away, taking no line", async () => {
    const budget = new LineBudget(1);
    const held = await budget.acquire();
    const gone = new AbortController();
    const waiting = budget.acquire("page", gone.signal);
    gone.abort();
    await expect(waiting).rejects.toMatchObject({ code: IbErrorCode.Aborted });
    expect(budget.queued).toBe(0);
    held();
    expect(budget.used).toBe(0);
  });
});
