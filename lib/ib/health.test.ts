/** The words for the line to TWS: farm notices read, layers summed up worst first, orders blocked only when they must be. */
import { describe, expect, it } from "vitest";
import { connectionMarker, farmNotice, orderBlocker, summarise, withFarm, type LinkHealth } from "./health";

const up: LinkHealth = { socket: "connected", responding: true, ibLink: "ok", farms: [] };
const at = "2026-03-02T15:04:05.000Z";

describe("farm notices", () => {
  it("reads TWS's farm codes and names", () => {
    expect(farmNotice(2103, "Market data farm connection is broken:usfarm", at)).toEqual({ name: "usfarm", kind: "market data", state: "broken", code: 2103, since: at });
    expect(farmNotice(2106, "HMDS data farm connection is OK:ushmds", at)).toMatchObject({ name: "ushmds", kind: "historical data", state: "ok" });
    expect(farmNotice(2158, "Sec-def data farm connection is OK:secdefil", at)).toMatchObject({ name: "secdefil", kind: "security definitions", state: "ok" });
    expect(farmNotice(2108, "Market data farm connection is inactive but should be available upon demand.usfarm.nj", at)).toMatchObject({ kind: "market data", state: "inactive" });
    expect(farmNotice(2100, "API client has been unsubscribed from account data.", at)).toBeUndefined();
    expect(farmNotice(1100, "Connectivity between IB and Trader Workstation has been lost.", at)).toBeUndefined();
  });

  it("keeps one entry per farm, the latest notice winning", () => {
    const broken = farmNotice(2103, "Market data farm connection is broken:usfarm", at)!;
    const ok = farmNotice(2104, "Market data farm connection is OK:usfarm", at)!;
    const hmds = farmNotice(2106, "HMDS data farm connection is OK:ushmds", at)!;
    const farms = withFarm(withFarm(withFarm([], ok), hmds), broken);
    expect(farms.map((f) => [f.name, f.state])).toEqual([
      ["ushmds", "ok"],
      ["usfarm", "broken"],
    ]);
  });
});

describe("summary of the line", () => {
  it("is ok when every layer is", () => {
    expect(summarise(up)).toEqual({ level: "ok", label: "ok", detail: "" });
    expect(connectionMarker(up)).toBe("ok");
    expect(orderBlocker(up)).toBeNull();
  });

  it("puts the worst layer first and blocks orders for the socket, a silent TWS and a lost IB link", () => {
    const farms = [farmNotice(2103, "Market data farm connection is broken:usfarm", at)!];
    const cases: Array<[LinkHealth, string, RegExp]> = [
      [{ ...up, socket: "disconnected", ibLink: "lost", farms }, "TWS disconnected", /not connected to TWS/],
      [{ ...up, responding: false, silentSince: at, ibLink: "lost" }, "TWS not responding", /not answered since 15:04:05 UTC/],
      [{ ...up, ibLink: "lost", ibLinkSince: at, farms }, "IB link lost", /lost its connection to IB's servers at 15:04:05 UTC \(TWS 1100\)/],
    ];
    for (const [health, label, blocker] of cases) {
      expect(summarise(health)).toMatchObject({ level: "down", label });
      expect(orderBlocker(health)).toMatch(blocker);
      expect(connectionMarker(health)).toMatch(new RegExp(`^${label}: `));
    }
  });

  it("calls a broken data farm degraded, which does not stop an order", () => {
    const health = { ...up, farms: [farmNotice(2103, "Market data farm connection is broken:usfarm", at)!, farmNotice(2106, "HMDS data farm connection is OK:ushmds", at)!] };
    expect(summarise(health)).toMatchObject({ level: "degraded", label: "data farm broken: usfarm" });
    expect(summarise(health).detail).toMatch(/quotes may not arrive.*Orders can still be sent/);
    expect(orderBlocker(health)).toBeNull();
    // Idle farms are no fault.
    expect(summarise({ ...up, farms: [farmNotice(2108, "Market data farm connection is inactive but should be available upon demand.usfarm", at)!] }).level).toBe("ok");
  });
});
