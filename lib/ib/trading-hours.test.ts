import { describe, expect, it } from "vitest";
import { startSimulator } from "../../sim/server";
import { Ib } from "./ib";
import { parseTradingHours, sessionAt } from "./trading-hours";

const at = (iso: string): number => new Date(iso).getTime();

describe("TWS trading hours", () => {
  const week = "20261120:0930-20261120:1600;20261121:CLOSED;20261122:CLOSED;20261123:0930-20261123:1600;20261126:CLOSED;20261127:0930-20261127:1300";
  const listed = parseTradingHours(week, "US/Eastern")!;

  it("reads the sessions in New York time, with weekends, holidays and early closes", () => {
    expect(sessionAt(listed, at("2026-11-20T15:00:00Z"))).toEqual({ open: true });
    expect(sessionAt(listed, at("2026-11-20T21:05:00Z"))).toEqual({ open: false, nextOpen: at("2026-11-23T14:30:00Z") });
    // Thanksgiving is closed and the day after closes at 13:00.
    expect(sessionAt(listed, at("2026-11-26T16:00:00Z"))).toEqual({ open: false, nextOpen: at("2026-11-27T14:30:00Z") });
    expect(sessionAt(listed, at("2026-11-27T17:59:00Z"))).toEqual({ open: true });
    expect(sessionAt(listed, at("2026-11-27T18:01:00Z"))).toEqual({ open: false, nextOpen: undefined });
    // Outside the listed days nothing is known.
    expect(sessionAt(listed, at("2026-11-19T15:00:00Z"))).toBeUndefined();
    expect(sessionAt(listed, at("2026-11-28T15:00:00Z"))).toBeUndefined();
  });

  it("follows daylight saving time", () => {
    const summer = parseTradingHours("20260309:0930-20260309:1600", "US/Eastern")!;
    expect(summer.sessions[0]).toEqual({ open: at("2026-03-09T13:30:00Z"), close: at("2026-03-09T20:00:00Z") });
    const winter = parseTradingHours("20261102:0930-20261102:1600", "America/New_York")!;
    expect(winter.sessions[0]).toEqual({ open: at("2026-11-02T14:30:00Z"), close: at("2026-11-02T21:00:00Z") });
  });

  it("reads the older layout and a zone Intl does not know as New York", () => {
    const old = parseTradingHours("20261118:0700-1830,1830-2330;20261119:CLOSED", "EST (Eastern Standard Time)")!;
    expect(old.sessions).toEqual([
      { open: at("2026-11-18T12:00:00Z"), close: at("2026-11-18T23:30:00Z") },
      { open: at("2026-11-18T23:30:00Z"), close: at("2026-11-19T04:30:00Z") },
    ]);
  });

  it("gives nothing for hours it cannot read", () => {
    expect(parseTradingHours(undefined, "US/Eastern")).toBeUndefined();
    expect(parseTradingHours("", "US/Eastern")).toBeUndefined();
    expect(parseTradingHours("20261120:9:30-16", "US/Eastern")).toBeUndefined();
  });

  it("comes from the simulator's contract details over a real socket, holidays included", async () => {
    // 2026-12-24 is a Thursday; Christmas Day the Friday after is a holiday.
    const sim = await startSimulator({ host: "127.0.0.1", port: 0, seed: 2, startTime: "2026-12-24T15:00:00Z" });
    const ib = new Ib({ host: "127.0.0.1", port: sim.port, clientId: 24, connectTimeoutMs: 3_000, requestTimeoutMs: 8_000, now: () => sim.control.now() });
    ib.start();
    try {
      await ib.client.whenReady();
      const sessions = (await ib.regularSessions("SPY"))!;
      expect(sessionAt(sessions, at("2026-12-24T15:00:00Z"))).toEqual({ open: true });
      expect(sessionAt(sessions, at("2026-12-25T15:00:00Z"))).toEqual({ open: false, nextOpen: at("2026-12-28T14:30:00Z") });
      expect(ib.regularSessions("spy")).toBe(ib.regularSessions("SPY"));
    } finally {
      ib.stop();
      await sim.close();
    }
  });
});
