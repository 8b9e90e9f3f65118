/**
 * Tool results. Success carries everything in `structuredContent` (Claude Code shows the model only that) with
 * the same JSON as text for clients that read content. Failures the caller can fix are `isError` results that
 * say what went wrong and what to do next; programmer errors are thrown.
 */
import type { CallToolResult } from "@modelcontextprotocol/server";
import { toAppError } from "../errors";

export function ok<T extends Record<string, unknown>>(structured: T): CallToolResult & { structuredContent: T } {
  return { content: [{ type: "text", text: JSON.stringify(structured) }], structuredContent: structured };
}

export function fail(message: string, nextStep?: string): CallToolResult {
  return { content: [{ type: "text", text: nextStep ? `${message} ${nextStep}` : message }], isError: true };
}

/** The one place where an expected failure becomes a tool error (with what to do next); anything else is a bug and is rethrown. */
export function failFrom(error: unknown): CallToolResult {
  const known = toAppError(error);
  if (!known) throw error;
  return fail(known.message, known.nextStep);
}
