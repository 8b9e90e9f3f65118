/**
 * Runs once when the Next server starts: open the IB connection and start the trading desk right away (it
 * reconciles with TWS before anything can be sent), rather than on the first request.
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { getDesk } = await import("./lib/trading");
  getDesk();
}
