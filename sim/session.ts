import type { Field } from "./protocol/framing";

/**
 * What request handlers and the order engine need of one API client: who it is, the version it negotiated,
 * and a way to answer it. A socket connection is one; the competing client (messiness) is another, without a socket.
 */
export interface ClientSession {
  readonly clientId: number | undefined;
  /** Server version negotiated in the handshake; every message to this client follows its layout. */
  readonly serverVersion: number;
  /** reqAutoOpenOrders(true) on client 0: orders from other clients are bound to it. */
  readonly autoBind: boolean;
  send(fields: readonly Field[]): void;
  sendError(id: number, code: number, text: string): void;
}
