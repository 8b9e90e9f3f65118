/**
 * The address a phone should open to pair, and its QR code. The desktop is often on http://localhost, which a
 * phone cannot reach, so the link names this machine's LAN address unless the desktop already uses a LAN name.
 */
import { networkInterfaces } from "node:os";
import QRCode from "qrcode";
import type { Config } from "../config";
import type { PrismaClient } from "../generated/prisma/client";
import { createPairing } from "./pairing";
import { ownOrigin } from "../http/origin";

export interface PairingOrigin {
  /** e.g. http://192.168.1.20:8765 */
  origin: string;
  /** False when the server listens only on loopback: a phone cannot reach it at all. */
  reachableFromLan: boolean;
}

const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]", "::1"]);

function isLoopback(host: string): boolean {
  return LOOPBACK.has(host) || host.startsWith("127.");
}

/** Non-internal IPv4 addresses of this machine, in interface order. */
export function lanAddresses(): string[] {
  return Object.values(networkInterfaces())
    .flat()
    .filter((a) => a !== undefined && a.family === "IPv4" && !a.internal)
    .map((a) => a!.address);
}

/**
 * Picks the origin for pairing links. `requestHost` is the Host the desktop used (with port), `listenHost` is HOST.
 */
export function pairingOrigin(input: { requestHost: string; protocol: "http" | "https"; listenHost: string; port: number; lan: readonly string[] }): PairingOrigin {
  const requestHostname = input.requestHost.replace(/:\d+$/, "").toLowerCase();
  const listensOnAll = input.listenHost === "0.0.0.0" || input.listenHost === "::";
  if (!listensOnAll && isLoopback(input.listenHost)) return { origin: `${input.protocol}://${input.requestHost}`, reachableFromLan: false };
  if (!isLoopback(requestHostname)) return { origin: `${input.protocol}://${input.requestHost}`, reachableFromLan: true };
  if (!listensOnAll) return { origin: `http://${input.listenHost}:${input.port}`, reachableFromLan: true };
  const address = input.lan[0];
  return address ? { origin: `http://${address}:${input.port}`, reachableFromLan: true } : { origin: `${input.protocol}://${input.requestHost}`, reachableFromLan: false };
}

/** The QR code of a link as an SVG data URL (black on white, so phone cameras read it on the dark page). */
export async function qrDataUrl(text: string): Promise<string> {
  const svg = await QRCode.toString(text, { type: "svg", errorCorrectionLevel: "M", margin: 2, color: { dark: "#000000", light: "#ffffff" } });
  return `data:image/svg+xml;base64,${Buffer.from(svg).toString("base64")}`;
}

export interface PairingLink {
  url: string;
  /** ISO time after which the link no longer works. */
  expiresAt: string;
  /** SVG data URL of the link's QR code. */
  qr: string;
  reachableFromLan: boolean;
}

/** A new one-time pairing link for the desktop at `requestHost` to show. */
export async function newPairingLink(
  db: PrismaClient,
  request: { host: string; protocol: "http" | "https" },
  config: Pick<Config, "HOST" | "PORT">,
): Promise<PairingLink> {
  const { token, expiresAt } = await createPairing(db);
  const { origin, reachableFromLan } = pairingOrigin({ requestHost: request.host, protocol: request.protocol, listenHost: config.HOST, port: config.PORT, lan: lanAddresses() });
  const url = `${origin}/pair/${token}`;
  return { url, expiresAt: expiresAt.toISOString(), qr: await qrDataUrl(url), reachableFromLan };
}

/** Host and protocol the browser used for this request. */
export function requestOrigin(request: Request): { host: string; protocol: "http" | "https" } {
  const own = ownOrigin(request.headers, request.url);
  const url = new URL(own ?? request.url);
  return { host: url.host, protocol: url.protocol === "https:" ? "https" : "http" };
}
