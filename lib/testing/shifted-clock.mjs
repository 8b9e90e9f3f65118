/**
 * Preload (`node --import <this file>`) for test processes that must live at another instant: the wall clock
 * moves by SUMPPUMP_TEST_CLOCK_OFFSET_MS and keeps ticking. Every process of a test run (the app, its simulator,
 * the test workers) gets the same offset through the environment, so they agree on the time. Timers and
 * `performance.now()` are untouched: only the calendar moves.
 */
const offset = Number(process.env.SUMPPUMP_TEST_CLOCK_OFFSET_MS ?? 0);

if (Number.isFinite(offset) && offset !== 0) {
  const RealDate = globalThis.Date;
  const now = () => RealDate.now() + offset;
  globalThis.Date = new Proxy(RealDate, {
    construct(target, args, newTarget) {
      return Reflect.construct(target, args.length === 0 ? [now()] : args, newTarget);
    },
    apply() {
      return new RealDate(now()).toString();
    },
    get(target, property, receiver) {
      return property === "now" ? now : Reflect.get(target, property, receiver);
    },
  });
}
