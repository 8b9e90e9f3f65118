/**
 * Checks every request must pass before it reaches the app: the Host header must name this machine (a defence
 * against DNS rebinding), and a present Origin must be this app's own origin (a hostile page on the LAN
 * cannot call the API from a visitor's browser).
 */
import { networkInterfaces, hostname } from "node:os";
import { isOwnOrigin } from "./origin";

/** Host names this server answers to: loopback, this machine's name and LAN addresses, and configured extras. */
export function allowedHostNames(extra: readonly string[] = []): Set<string> {
  const names = new Set(["localhost", "127.0.0.1", "[::1]", "::1"]);
  const own = hostname().toLowerCase();
  names.add(own);
  names.add(`${own}.local`);
  for (const addresses of Object.values(networkInterfaces())) {
    for (const address of addresses ?? []) {
      names.add(address.family === "IPv6" ? `[${address.address.toLowerCase()}]` : address.address);
    }
  }
  for (const name of extra) names.add(name.toLowerCase());
  return names;
}

/** The host part of a Host header ("example:8765" → "example", "[::1]:8765" → "[::1]"). */
export function hostWithoutPort(host: string): string {
  const value = host.trim().toLowerCase();
  if (value.startsWith("[")) return value.slice(0, value.indexOf("]") + 1);
  const colon = value.lastIndexOf(":");
  return colon === -1 ? value : value.slice(0, colon);
}

export type GuardResult = { ok: true } | { ok: false; status: 403 | 421; message: string };

export function checkHostAndOrigin(headers: Headers, allowed: ReadonlySet<string>, url?: string): GuardResult {
  const host = headers.get("host");
  if (!host || !allowed.has(hostWithoutPort(host))) {
    return {
      ok: false,
      status: 421,
      message: `This server does not answer to the host "${host ?? ""}". Add it to SUMPPUMP_ALLOWED_HOSTS if it is this machine.`,
    };
  }
  const origin = headers.get("origin");
  if (origin !== null && !isOwnOrigin(origin, headers, url)) return { ok: false, status: 403, message: "Cross-origin requests are not allowed." };
  return { ok: true };
}
