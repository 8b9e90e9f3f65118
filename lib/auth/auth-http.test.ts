/**
 * The login gate of the running app (simulator, migrations, Next), over HTTP: what opens without a session, what
 * the MCP bearer token opens, the passphrase login and its rate limit, pairing a phone and revoking it.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { login, pairDevice, startApp, tryLogin, waitForConnected, type RunningApp } from "../testing/app-process";

let app: RunningApp;
let desktop: string;

beforeAll(async () => {
  app = await startApp();
  await waitForConnected(app.url);
  desktop = await login(app);
}, 120_000);

afterAll(async () => {
  await app?.stop();
});

const PAGES = ["/", "/devices"];
const API = ["/api/status", "/api/account", "/api/quote?symbol=SPY", "/api/devices"];

function get(path: string, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${app.url}${path}`, { headers, redirect: "manual" });
}

function send(method: string, path: string, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${app.url}${path}`, { method, headers: { Origin: app.url, ...headers }, redirect: "manual" });
}

async function newPairingUrl(cookie = desktop): Promise<string> {
  const response = await send("POST", "/api/devices/pairings", { Cookie: cookie });
  expect(response.status).toBe(200);
  const body = (await response.json()) as { url: string; expiresAt: string; qr: string };
  expect(body.qr).toMatch(/^data:image\/svg\+xml;base64,/);
  expect(Date.parse(body.expiresAt) - Date.now()).toBeGreaterThan(4 * 60_000);
  return body.url;
}

describe("without a session", () => {
  it.each(PAGES)("the page %s redirects to the login page, remembering where it was going", async (path) => {
    const response = await get(path);
    expect(response.status).toBe(307);
    const location = new URL(response.headers.get("location")!, app.url);
    expect(location.pathname).toBe("/login");
    expect(location.searchParams.get("next") ?? "/").toBe(path);
  });

  it.each(API)("the REST route %s answers 401 JSON", async (path) => {
    const response = await get(path);
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ code: "unauthenticated" });
  });

  it("state-changing routes answer 401 too", async () => {
    expect((await send("POST", "/api/devices/pairings")).status).toBe(401);
    expect((await send("DELETE", "/api/devices/anything")).status).toBe(401);
  });

  it("the login page, next-auth's routes and the health check stay open; health says nothing sensitive", async () => {
    expect((await get("/login")).status).toBe(200);
    expect((await get("/api/auth/csrf")).status).toBe(200);
    const health = await get("/api/health");
    expect(health.status).toBe(200);
    const body = (await health.json()) as { ok: boolean; ib: Record<string, unknown> };
    // How the line to TWS stands, layer by layer; never the account, its id or a secret.
    expect(body).toMatchObject({ ok: true, ib: { state: "connected" } });
    expect(Object.keys(body.ib)).not.toContain("accounts");
    expect(JSON.stringify(body)).not.toMatch(/DU\d{5,}|passphrase|token|secret/i);
  });
});

describe("the MCP bearer token", () => {
  const bearer = () => ({ Authorization: `Bearer ${app.token}` });

  it.each([...PAGES, ...API])("does not open %s", async (path) => {
    const response = await get(path, bearer());
    expect([307, 401]).toContain(response.status);
  });

  it("does not open state-changing routes", async () => {
    expect((await send("POST", "/api/devices/pairings", bearer())).status).toBe(401);
    expect((await send("DELETE", "/api/devices/anything", bearer())).status).toBe(401);
  });

  it("still opens /api/mcp, which a login cookie does not", async () => {
    const initialize = JSON.stringify({
      jsonrpc: "2.0",
      id: 1,
      method: "initialize",
      params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "auth-test", version: "1" } },
    });
    const headers = { "Content-Type": "application/json", Accept: "application/json, text/event-stream" };
    const withToken = await fetch(`${app.url}/api/mcp`, { method: "POST", headers: { ...headers, ...bearer() }, body: initialize });
    expect(withToken.status).toBe(200);
    await withToken.body?.cancel();
    const withCookie = await fetch(`${app.url}/api/mcp`, { method: "POST", headers: { ...headers, Cookie: desktop }, body: initialize });
    expect(withCookie.status).toBe(401);
  });
});

describe("logging in with the passphrase", () => {
  it("a desktop session opens pages and REST routes", async () => {
    for (const path of PAGES) expect((await get(path, { Cookie: desktop })).status, path).toBe(200);
    for (const path of API) expect((await get(path, { Cookie: desktop })).status, path).toBe(200);
  });

  it("a wrong passphrase is refused with a clear message", async () => {
    const result = await tryLogin(app.url, "not the passphrase", "127.0.1.1");
    expect(result).toMatchObject({ ok: false, error: "Wrong passphrase. Check it and try again." });
  });

  it("after five wrong passphrases an address must wait 30 seconds, even with the right one; others need not", async () => {
    for (let i = 0; i < 4; i++) expect(await tryLogin(app.url, `wrong passphrase ${i}`, "127.0.2.2")).toMatchObject({ error: /^Wrong passphrase/ });
    expect(await tryLogin(app.url, "wrong passphrase 5", "127.0.2.2")).toMatchObject({ error: "Too many wrong passphrases from this address. Wait 30 seconds and try again." });
    expect(await tryLogin(app.url, app.passphrase, "127.0.2.2")).toMatchObject({ ok: false, error: /^Too many wrong passphrases from this address\. Wait \d+ seconds/ });
    expect(await tryLogin(app.url, app.passphrase, "127.0.3.3")).toMatchObject({ ok: true });
  });

  it("a forged or foreign cookie opens nothing", async () => {
    expect((await get("/api/account", { Cookie: "sumppump.session=forged" })).status).toBe(401);
    const page = await get("/", { Cookie: "sumppump.session=forged" });
    expect(page.status).toBe(307);
    expect(page.headers.get("location")).toContain("reason=session_expired");
    expect(page.headers.get("set-cookie")).toMatch(/sumppump\.session=;/);
  });

  it("a state change from another origin, or with no Origin at all, is refused even with a session", async () => {
    const foreign = await fetch(`${app.url}/api/devices/pairings`, { method: "POST", headers: { Cookie: desktop, Origin: "http://evil.example" } });
    expect(foreign.status).toBe(403);
    const none = await fetch(`${app.url}/api/devices/pairings`, { method: "POST", headers: { Cookie: desktop } });
    expect(none.status).toBe(403);
    expect(await none.json()).toMatchObject({ code: "cross_origin" });
  });
});

describe("pairing a phone", () => {
  it("a pairing link works once", async () => {
    const url = await newPairingUrl();
    expect(url).toMatch(new RegExp(`^${app.url}/pair/[\\w-]{43}$`));
    const page = await fetch(url);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("Name this device");

    const phone = await pairDevice(url, "Pixel 7");
    expect(phone.ok).toBe(true);
    const cookie = (phone as { cookie: string }).cookie;
    expect((await get("/api/account", { Cookie: cookie })).status).toBe(200);
    expect((await get("/", { Cookie: cookie })).status).toBe(200);

    expect(await pairDevice(url, "Second phone")).toMatchObject({ ok: false, error: /already been used/ });
    expect(await (await fetch(url)).text()).toContain("already been used");

    const devices = (await (await get("/api/devices", { Cookie: desktop })).json()) as { devices: { name: string; status: string }[] };
    expect(devices.devices.filter((d) => d.name === "Pixel 7")).toHaveLength(1);
    expect(devices.devices.some((d) => d.name === "Second phone")).toBe(false);
  });

  it("a made-up pairing link is refused", async () => {
    expect(await pairDevice(`${app.url}/pair/${"A".repeat(43)}`, "Phone")).toMatchObject({ ok: false, error: /not a valid pairing link/ });
    expect((await fetch(`${app.url}/pair/nonsense`)).status).toBe(200);
  });

  it("a paired phone cannot make pairing links; a revoked one is logged out at its next request", async () => {
    const phone = await pairDevice(await newPairingUrl(), "Tablet");
    const cookie = (phone as { cookie: string }).cookie;
    expect((await send("POST", "/api/devices/pairings", { Cookie: cookie })).status).toBe(403);

    const { devices } = (await (await get("/api/devices", { Cookie: desktop })).json()) as { devices: { id: string; name: string }[] };
    const tablet = devices.find((d) => d.name === "Tablet")!;
    expect((await send("DELETE", `/api/devices/${tablet.id}`, { Cookie: desktop })).status).toBe(200);
    expect((await send("DELETE", `/api/devices/${tablet.id}`, { Cookie: desktop })).status).toBe(404);

    const api = await get("/api/account", { Cookie: cookie });
    expect(api.status).toBe(401);
    expect(await api.json()).toMatchObject({ code: "device_revoked" });
    const page = await get("/", { Cookie: cookie });
    expect(page.status).toBe(307);
    expect(page.headers.get("location")).toContain("reason=device_revoked");
  });

  it("a phone that logs out is revoked, so the device list stays truthful", async () => {
    const phone = await pairDevice(await newPairingUrl(), "Old phone");
    const cookie = (phone as { cookie: string }).cookie;
    const csrf = await get("/api/auth/csrf", { Cookie: cookie });
    const csrfCookie = csrf.headers.getSetCookie()[0]!.split(";")[0]!;
    const { csrfToken } = (await csrf.json()) as { csrfToken: string };
    const out = await fetch(`${app.url}/api/auth/signout`, {
      method: "POST",
      headers: { Origin: app.url, Cookie: `${cookie}; ${csrfCookie}`, "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ csrfToken, json: "true" }),
    });
    expect(out.status).toBe(200);
    expect(out.headers.getSetCookie().some((c) => /^sumppump\.session=;/.test(c))).toBe(true);
    const { devices } = (await (await get("/api/devices", { Cookie: desktop })).json()) as { devices: { name: string; status: string }[] };
    expect(devices.find((d) => d.name === "Old phone")?.status).toBe("revoked");
    expect((await get("/api/account", { Cookie: cookie })).status).toBe(401);
  });
});
