/**
 * Runs once when the Next server starts: put the request edge in front of the HTTP server (forwarded headers
 * believed only from trusted proxies, malformed requests answered 4xx), then open the IB connection and start
 * the trading desk right away (it reconciles with TWS before anything can be sent), rather than on the first
 * request.
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const [{ installRequestEdge }, { getConfig }] = await Promise.all([import("./lib/http/forwarded"), import("./lib/config")]);
  installRequestEdge(getConfig().SUMPPUMP_TRUSTED_PROXIES);
  const { getDesk } = await import("./lib/trading");
  getDesk();
}
