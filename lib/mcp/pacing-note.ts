/** Says in a result when TWS hit its message-rate limit during the call (SumpPump backed off and asked again). */
import type { Ib } from "../ib";

export function watchRateLimit(ib: Ib): () => { pacing_note?: string } {
  const before = ib.client.rateLimitErrors;
  return () =>
    ib.client.rateLimitErrors > before
      ? { pacing_note: "TWS reported its message-rate limit during this call; SumpPump backed off and asked again for what it dropped, so this took longer." }
      : {};
}
