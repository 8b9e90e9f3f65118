/**
 * The simulated listed underlyings. Prices, volatilities and yields are rounded, typical levels for these names
 * in 2025; conIds are the ones IBKR uses for them, so logs look familiar. The volatility fields drive both the
 * random walk (realised) and the option surface (implied, which trades at a premium to realised).
 */
export interface Underlying {
  /** Index in this list; part of every option conId of the name, so never reorder existing entries. */
  readonly index: number;
  readonly symbol: string;
  readonly conId: number;
  readonly longName: string;
  readonly primaryExch: string;
  readonly stockType: "ETF" | "COMMON";
  readonly industry: string;
  readonly category: string;
  readonly subcategory: string;
  /** Reference price on the first simulated day. */
  readonly price: number;
  /** Continuous dividend yield, decimal. */
  readonly dividendYield: number;
  /** Annualised realised volatility of the random walk, decimal. */
  readonly realizedVol: number;
  /** At-the-money implied volatility for a 30-day option, decimal. */
  readonly atmVol30d: number;
  /** Long-dated (2 year) at-the-money implied volatility, decimal. */
  readonly atmVolLong: number;
  /** How much richer downside strikes are: IV change per unit of log-moneyness / sqrt(T), decimal. */
  readonly skew: number;
  /** Smile curvature (wings richer on both sides). */
  readonly smile: number;
  /** Strike spacing near the money. */
  readonly strikeStep: number;
  /** Typical shares traded per regular session. */
  readonly dailyVolume: number;
  /** Option expiries every weekday (true), Mon/Wed/Fri ("mwf") or weekly only. */
  readonly dailies: "weekdays" | "mwf" | "none";
}

const LIST: Omit<Underlying, "index">[] = [
  { symbol: "SPY", conId: 756733, longName: "SPDR S&P 500 ETF TRUST", primaryExch: "ARCA", stockType: "ETF", industry: "Funds", category: "Equity Fund", subcategory: "Growth&Income-Large Cap", price: 600, dividendYield: 0.012, realizedVol: 0.13, atmVol30d: 0.15, atmVolLong: 0.19, skew: 0.16, smile: 0.08, strikeStep: 1, dailyVolume: 60_000_000, dailies: "weekdays" },
  { symbol: "QQQ", conId: 320227571, longName: "INVESCO QQQ TRUST SERIES 1", primaryExch: "NASDAQ", stockType: "ETF", industry: "Funds", category: "Equity Fund", subcategory: "Growth-Large Cap", price: 520, dividendYield: 0.006, realizedVol: 0.17, atmVol30d: 0.19, atmVolLong: 0.22, skew: 0.14, smile: 0.07, strikeStep: 1, dailyVolume: 35_000_000, dailies: "weekdays" },
  { symbol: "IWM", conId: 9579970, longName: "ISHARES RUSSELL 2000 ETF", primaryExch: "ARCA", stockType: "ETF", industry: "Funds", category: "Equity Fund", subcategory: "Small Cap", price: 220, dividendYield: 0.012, realizedVol: 0.2, atmVol30d: 0.22, atmVolLong: 0.24, skew: 0.12, smile: 0.07, strikeStep: 1, dailyVolume: 30_000_000, dailies: "mwf" },
  { symbol: "AAPL", conId: 265598, longName: "APPLE INC", primaryExch: "NASDAQ", stockType: "COMMON", industry: "Technology", category: "Computers", subcategory: "Computers", price: 230, dividendYield: 0.0045, realizedVol: 0.24, atmVol30d: 0.26, atmVolLong: 0.27, skew: 0.08, smile: 0.1, strikeStep: 2.5, dailyVolume: 50_000_000, dailies: "none" },
  { symbol: "MSFT", conId: 272093, longName: "MICROSOFT CORP", primaryExch: "NASDAQ", stockType: "COMMON", industry: "Technology", category: "Software", subcategory: "Applications Software", price: 500, dividendYield: 0.007, realizedVol: 0.22, atmVol30d: 0.24, atmVolLong: 0.26, skew: 0.08, smile: 0.1, strikeStep: 5, dailyVolume: 20_000_000, dailies: "none" },
  { symbol: "NVDA", conId: 4815747, longName: "NVIDIA CORP", primaryExch: "NASDAQ", stockType: "COMMON", industry: "Technology", category: "Semiconductors", subcategory: "Electronic Compo-Semicon", price: 180, dividendYield: 0.0002, realizedVol: 0.42, atmVol30d: 0.45, atmVolLong: 0.44, skew: 0.06, smile: 0.12, strikeStep: 2.5, dailyVolume: 180_000_000, dailies: "none" },
  { symbol: "TSLA", conId: 76792991, longName: "TESLA INC", primaryExch: "NASDAQ", stockType: "COMMON", industry: "Consumer, Cyclical", category: "Auto Manufacturers", subcategory: "Auto-Cars/Light Trucks", price: 420, dividendYield: 0, realizedVol: 0.55, atmVol30d: 0.6, atmVolLong: 0.55, skew: 0.03, smile: 0.14, strikeStep: 5, dailyVolume: 90_000_000, dailies: "none" },
  { symbol: "AMZN", conId: 3691937, longName: "AMAZON.COM INC", primaryExch: "NASDAQ", stockType: "COMMON", industry: "Communications", category: "Internet", subcategory: "E-Commerce/Products", price: 225, dividendYield: 0, realizedVol: 0.3, atmVol30d: 0.32, atmVolLong: 0.31, skew: 0.07, smile: 0.1, strikeStep: 2.5, dailyVolume: 40_000_000, dailies: "none" },
  { symbol: "META", conId: 107113386, longName: "META PLATFORMS INC-CLASS A", primaryExch: "NASDAQ", stockType: "COMMON", industry: "Communications", category: "Internet", subcategory: "Internet Content-Entmnt", price: 700, dividendYield: 0.003, realizedVol: 0.34, atmVol30d: 0.36, atmVolLong: 0.34, skew: 0.07, smile: 0.1, strikeStep: 5, dailyVolume: 14_000_000, dailies: "none" },
  { symbol: "GOOGL", conId: 208813719, longName: "ALPHABET INC-CL A", primaryExch: "NASDAQ", stockType: "COMMON", industry: "Communications", category: "Internet", subcategory: "Web Portals/ISP", price: 190, dividendYield: 0.0045, realizedVol: 0.28, atmVol30d: 0.3, atmVolLong: 0.29, skew: 0.07, smile: 0.1, strikeStep: 2.5, dailyVolume: 30_000_000, dailies: "none" },
  { symbol: "AMD", conId: 4391, longName: "ADVANCED MICRO DEVICES", primaryExch: "NASDAQ", stockType: "COMMON", industry: "Technology", category: "Semiconductors", subcategory: "Electronic Compo-Semicon", price: 160, dividendYield: 0, realizedVol: 0.45, atmVol30d: 0.5, atmVolLong: 0.46, skew: 0.05, smile: 0.12, strikeStep: 2.5, dailyVolume: 45_000_000, dailies: "none" },
];

export const UNDERLYINGS: readonly Underlying[] = LIST.map((u, index) => ({ ...u, index }));

const BY_SYMBOL = new Map(UNDERLYINGS.map((u) => [u.symbol, u]));
const BY_CONID = new Map(UNDERLYINGS.map((u) => [u.conId, u]));

export function underlyingBySymbol(symbol: string): Underlying | undefined {
  return BY_SYMBOL.get(symbol.toUpperCase());
}

export function underlyingByConId(conId: number): Underlying | undefined {
  return BY_CONID.get(conId);
}
