import { useQueryClient } from "@tanstack/react-query";
import { useCallback, useRef, useState } from "react";
import { ActionError, TRADING_KEY, type ProposalList, type ProposalView } from "./trading-data";

export interface ActionState {
  /** The action in flight, if any ("approve", "reject"…). */
  pending: string | null;
  error: string | null;
  /** The HTTP status of the refusal behind `error` (503: the line to TWS was down), 0 when the server did not answer. */
  errorStatus: number | null;
  /** When the refusal came (ms, the browser's clock). */
  errorAt: number | null;
  /** Runs `task` unless another action of this card is in flight (a double tap sends one request). */
  run: (name: string, task: () => Promise<unknown>) => Promise<boolean>;
  clearError: () => void;
}

/**
 * One card's actions: at most one request at a time (a ref guards the gap before React re-renders the disabled
 * button), the route's refusal kept as the card's message, and the trading queries refreshed afterwards. A
 * refusal that carries the proposal as it stands now (e.g. fresh figures after a price move) is written into the
 * lists at once, so the next tap approves what is on screen.
 */
export function useAction(): ActionState {
  const client = useQueryClient();
  const busy = useRef(false);
  const [pending, setPending] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [errorStatus, setErrorStatus] = useState<number | null>(null);
  const [errorAt, setErrorAt] = useState<number | null>(null);

  const run = useCallback(
    async (name: string, task: () => Promise<unknown>): Promise<boolean> => {
      if (busy.current) return false;
      busy.current = true;
      setPending(name);
      setError(null);
      setErrorStatus(null);
      setErrorAt(null);
      try {
        const result = await task();
        const proposal = result && typeof result === "object" && "proposal" in result ? (result as { proposal: ProposalView }).proposal : undefined;
        if (proposal) replaceInLists(client, proposal);
        return true;
      } catch (e) {
        if (e instanceof ActionError && e.current) replaceInLists(client, e.current);
        setError(e instanceof Error ? e.message : String(e));
        setErrorStatus(e instanceof ActionError ? e.status : null);
        setErrorAt(Date.now());
        return false;
      } finally {
        busy.current = false;
        setPending(null);
        void client.invalidateQueries({ queryKey: TRADING_KEY });
      }
    },
    [client],
  );
  const clearError = useCallback(() => {
    setError(null);
    setErrorStatus(null);
    setErrorAt(null);
  }, []);
  return { pending, error, errorStatus, errorAt, run, clearError };
}

function replaceInLists(client: ReturnType<typeof useQueryClient>, proposal: ProposalView): void {
  client.setQueriesData<ProposalList>({ queryKey: [...TRADING_KEY, "list"] }, (old) =>
    old ? { ...old, proposals: old.proposals.map((p) => (p.id === proposal.id ? { ...proposal, history: p.history } : p)) } : old,
  );
}
