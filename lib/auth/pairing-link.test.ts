import { describe, expect, it } from "vitest";
import { pairingOrigin, qrDataUrl } from "./pairing-link";

const base = { protocol: "http" as const, port: 8765, lan: ["192.168.1.20", "10.0.0.4"] };

describe("pairingOrigin", () => {
  it("sends the phone to the LAN address when the desktop uses localhost", () => {
    expect(pairingOrigin({ ...base, requestHost: "localhost:8765", listenHost: "0.0.0.0" })).toEqual({ origin: "http://192.168.1.20:8765", reachableFromLan: true });
  });

  it("keeps the address the desktop already uses when it is a LAN one", () => {
    expect(pairingOrigin({ ...base, requestHost: "trader.local:8765", listenHost: "0.0.0.0" })).toEqual({ origin: "http://trader.local:8765", reachableFromLan: true });
    expect(pairingOrigin({ ...base, requestHost: "10.0.0.4:8765", listenHost: "0.0.0.0" })).toEqual({ origin: "http://10.0.0.4:8765", reachableFromLan: true });
  });

  it("uses HOST when it names one interface", () => {
    expect(pairingOrigin({ ...base, requestHost: "127.0.0.1:8765", listenHost: "10.0.0.4" })).toEqual({ origin: "http://10.0.0.4:8765", reachableFromLan: true });
  });

  it("says so when the server listens on loopback only", () => {
    expect(pairingOrigin({ ...base, requestHost: "127.0.0.1:8765", listenHost: "127.0.0.1" })).toEqual({ origin: "http://127.0.0.1:8765", reachableFromLan: false });
    expect(pairingOrigin({ ...base, lan: [], requestHost: "localhost:8765", listenHost: "0.0.0.0" })).toMatchObject({ reachableFromLan: false });
  });
});

describe("qrDataUrl", () => {
  it("renders an SVG data URL", async () => {
    const url = await qrDataUrl("http://192.168.1.20:8765/pair/abc");
    expect(url).toMatch(/^data:image\/svg\+xml;base64,/);
    expect(Buffer.from(url.split(",")[1]!, "base64").toString()).toContain("<svg");
  });
});
