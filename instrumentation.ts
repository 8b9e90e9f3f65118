/** Runs once when the Next server starts: open the IB connection right away rather than on the first request. */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { getIb } = await import("./lib/ib");
  getIb();
}
