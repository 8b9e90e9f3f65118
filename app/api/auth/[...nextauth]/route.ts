import NextAuth from "next-auth";
import type { NextRequest } from "next/server";
import { authOptionsFor } from "@/lib/auth/options";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

interface RouteContext {
  params: Promise<{ nextauth: string[] }>;
}

/** next-auth's routes (csrf, callback/passphrase, callback/pairing, session, signout), with per-request options. */
async function handler(request: NextRequest, context: RouteContext): Promise<Response> {
  const response: Response = await NextAuth(request, context, await authOptionsFor(request));
  return response;
}

export { handler as GET, handler as POST };
