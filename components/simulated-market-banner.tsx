export function SimulatedMarketBanner() {
  return (
    <div className="sim-banner" role="status" data-testid="sim-banner">
      SIMULATED MARKET — prices, fills and the account are synthetic; no real orders, no real money.
    </div>
  );
}
