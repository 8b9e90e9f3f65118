import { EventEmitter } from "node:events";
import type { IncomingMessage, ServerResponse } from "node:http";
import { describe, expect, it } from "vitest";
import { checkRequestLine, clientAddress, guardIncoming, passedEdge, requestProtocol, resolveForwarded } from "./forwarded";
import { isOwnOrigin, ownOrigin } from "./origin";

const none = new Set<string>();
const proxy = new Set(["127.0.0.1"]);

describe("resolveForwarded", () => {
  it("ignores X-Forwarded-* from a client that is not a trusted proxy", () => {
    const headers = { host: "192.168.1.20:8765", "x-forwarded-for": "203.0.113.7", "x-forwarded-proto": "https", "x-forwarded-host": "evil" };
    expect(resolveForwarded({ peer: "192.168.1.33", encrypted: false, headers }, none)).toEqual({ for: "192.168.1.33", proto: "http", host: "192.168.1.20:8765" });
    expect(resolveForwarded({ peer: "::ffff:192.168.1.33", encrypted: false, headers }, proxy)).toMatchObject({ for: "192.168.1.33", proto: "http" });
  });

  it("believes a trusted proxy: the nearest untrusted address it appended, its proto and host", () => {
    const headers = { host: "127.0.0.1:8765", "x-forwarded-for": "6.6.6.6, 192.168.1.33", "x-forwarded-proto": "https", "x-forwarded-host": "trader.lan" };
    expect(resolveForwarded({ peer: "127.0.0.1", encrypted: false, headers }, proxy)).toEqual({ for: "192.168.1.33", proto: "https", host: "trader.lan" });
    expect(resolveForwarded({ peer: "127.0.0.1", encrypted: false, headers: { host: "x" } }, proxy)).toEqual({ for: "127.0.0.1", proto: "http", host: "x" });
  });
});

describe("checkRequestLine", () => {
  it.each([
    ["TRACE", "/", 405],
    ["CONNECT", "/", 405],
    ["PROPFIND", "/api/health", 405],
    ["GET", "/pair/%ZZ", 400],
    ["POST", "/api/proposals/%ZZ/approve", 400],
    ["GET", "/api/chain/%E0%A4%A/expiries", 400],
  ])("%s %s → %i", (method, url, status) => expect(checkRequestLine(method, url)).toMatchObject({ ok: false, status }));

  it("lets well-formed requests through, whatever their query", () => {
    for (const [method, url] of [["GET", "/api/chain/%25/expiries"], ["POST", "/api/mcp"], ["OPTIONS", "/"], ["GET", "/x?q=%ZZ"]]) {
      expect(checkRequestLine(method, url)).toEqual({ ok: true });
    }
  });
});

function incoming(headers: Record<string, string>, peer: string, method = "GET", url = "/"): IncomingMessage {
  return Object.assign(new EventEmitter(), { headers: { ...headers }, method, url, socket: { remoteAddress: peer } }) as unknown as IncomingMessage;
}

function response(): ServerResponse & { status?: number; body?: string } {
  const res = { writeHead: (status: number) => ((res.status = status), res), end: (body: string) => (res.body = body) } as unknown as ServerResponse & { status?: number; body?: string };
  return res;
}

describe("guardIncoming", () => {
  it("overwrites the forwarded headers and marks the request, so later readers see the socket's truth", () => {
    const req = incoming({ host: "192.168.1.20:8765", "x-forwarded-for": "203.0.113.8", "x-forwarded-proto": "https", "x-sumppump-edge": "forged" }, "192.168.1.33");
    expect(guardIncoming(req, response(), none)).toBe(false);
    const headers = new Headers(req.headers as Record<string, string>);
    expect(passedEdge(headers)).toBe(true);
    expect(clientAddress(headers)).toBe("192.168.1.33");
    expect(requestProtocol(headers, "http://x/")).toBe("http");
    expect(ownOrigin(headers)).toBe("http://192.168.1.20:8765");
  });

  it("answers an unknown method 405 and a malformed path 400 itself", () => {
    const trace = response();
    expect(guardIncoming(incoming({}, "10.0.0.1", "TRACE"), trace, none)).toBe(true);
    expect(trace.status).toBe(405);
    const bad = response();
    expect(guardIncoming(incoming({}, "10.0.0.1", "GET", "/pair/%ZZ"), bad, none)).toBe(true);
    expect(bad.status).toBe(400);
  });

  it("a request the edge never saw has its forwarded headers ignored", () => {
    const headers = new Headers({ host: "h:1", "x-forwarded-for": "1.2.3.4", "x-forwarded-proto": "https", "x-sumppump-edge": "guess" });
    expect(clientAddress(headers)).toBe("unverified");
    expect(requestProtocol(headers, "http://h:1/")).toBe("http");
  });
});

describe("isOwnOrigin", () => {
  const stamped = (headers: Record<string, string>, peer = "192.168.1.33", trusted = none): Headers => {
    const req = incoming(headers, peer);
    guardIncoming(req, response(), trusted);
    return new Headers(req.headers as Record<string, string>);
  };

  it("compares scheme, host and port", () => {
    const headers = stamped({ host: "192.168.1.20:8765" });
    expect(isOwnOrigin("http://192.168.1.20:8765", headers)).toBe(true);
    for (const other of ["https://192.168.1.20:8765", "ftp://192.168.1.20:8765", "http://192.168.1.20:8766", "http://192.168.1.21:8765", "null", "garbage"]) {
      expect(isOwnOrigin(other, headers), other).toBe(false);
    }
  });

  it("behind a trusted https proxy, its own https origin is the one", () => {
    const headers = stamped({ host: "127.0.0.1:8765", "x-forwarded-proto": "https", "x-forwarded-host": "trader.lan" }, "127.0.0.1", proxy);
    expect(isOwnOrigin("https://trader.lan", headers)).toBe(true);
    expect(isOwnOrigin("http://trader.lan", headers)).toBe(false);
  });
});
