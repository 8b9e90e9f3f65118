/**
 * Trading tools. Claude proposes; the trader approves in the browser inbox. None of these can send an entry or
 * stop order to TWS: execute_trade and set_stop_loss only store proposals, and cancel_order can cancel a
 * working order only when the trader's setting allows it (otherwise it asks the trader).
 */
import type { McpServer } from "@modelcontextprotocol/server";
import { z } from "zod";
import type { TradingDesk } from "../../trading/desk";
import type { ProposalStatus } from "../../trading/lifecycle";
import { proposalIdSchema, stopLossRequestSchema, tradeRequestSchema } from "../../trading/trade-request";
import type { ProposalView } from "../../trading/views";
import { nextStep } from "../next-step";
import { failFrom, ok } from "../results";
import { record } from "../schemas";

export interface TradingToolDeps {
  desk: TradingDesk;
  simulated: boolean;
  baseUrl?: string;
}

const proposalId = proposalIdSchema;

/** The proposal as Claude sees it: everything the trader sees, without the payoff points. */
function forModel(view: ProposalView, baseUrl: string | undefined) {
  const { analysis, history: _history, ...rest } = view;
  const { payoff: _payoff, greeks, ...figures } = analysis;
  return { ...rest, analysis: { ...figures, greeks }, approval_url: `${baseUrl ?? ""}/inbox#${view.id}` };
}


/** A close of what is held, in the words the card uses (never a new max loss). */
function positionAdvice(view: ProposalView): string {
  const p = view.position;
  if (!p?.closes_only) return p?.reduces ? " Part of it reduces a position held (see proposal.position)." : "";
  const pnl = p.realised_pnl === null ? "unknown" : `${p.realised_pnl.toFixed(2)} USD`;
  const removed = p.risk_removed === null ? "" : `, removing ${p.risk_removed.toFixed(2)} USD of risk`;
  return ` It closes a position held: estimated realised P&L ${pnl} at the limit${removed}; the card shows what remains (proposal.position).`;
}

/** The market warnings, so Claude can fix its own limit. */
function marketAdvice(view: ProposalView): string {
  const m = view.market;
  if (!m || m.warnings.length === 0) return "";
  return ` Market: ${m.warnings.map((w) => w.message).join(" ")} (see proposal.market; cancel_order and propose again to change the limit).`;
}

const proposalOutput = record("id, status, order, analysis, fills (order), stop_loss prompt, approval_url");

export function registerTradingTools(server: McpServer, deps: TradingToolDeps): void {
  server.registerTool(
    "execute_trade",
    {
      description:
        "Propose an order for the trader to approve in the inbox (checks permission, limits, margin). Returns pending_approval and the approval URL; never sends the order.",
      // The whole schema, strict: an unknown key (say "transmit") is an error, not silently dropped.
      inputSchema: tradeRequestSchema,
      outputSchema: z.object({ proposal: proposalOutput, next_step: z.string(), created: z.boolean(), simulated: z.boolean() }),
      annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true },
    },
    async (request) => {
      try {
        const { view, created } = await deps.desk.propose(request, "mcp");
        const step = await nextStep(deps.desk, view);
        return ok({
          proposal: forModel(view, deps.baseUrl),
          next_step: (created ? step : `Same client_request_id as before: this is the earlier proposal. ${step}`) + positionAdvice(view) + marketAdvice(view),
          created,
          simulated: deps.simulated,
        });
      } catch (error) {
        return failFrom(error);
      }
    },
  );

  server.registerTool(
    "get_order_status",
    {
      description: "A proposal's status: approval, order at TWS, fills, average price, commission, stop-loss prompt.",
      inputSchema: { proposal_id: proposalId },
      outputSchema: { proposal: proposalOutput, next_step: z.string(), simulated: z.boolean() },
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    async ({ proposal_id }) => {
      try {
        const view = await deps.desk.view(proposal_id);
        return ok({ proposal: forModel(view, deps.baseUrl), next_step: await nextStep(deps.desk, view), simulated: deps.simulated });
      } catch (error) {
        return failFrom(error);
      }
    },
  );

  server.registerTool(
    "list_orders",
    {
      description: "Recent proposals and orders, newest first, one line each.",
      inputSchema: {
        status: z
          .enum(["open", "pending_approval", "working", "filled", "all"], { error: 'status must be one of "open", "pending_approval", "working", "filled", "all"' })
          .default("open")
          .describe("open: pending, working, awaiting a stop or of unknown outcome"),
        symbol: z.string().trim().toUpperCase().max(12).optional(),
        limit: z.number().int().min(1).max(100).default(20),
      },
      outputSchema: {
        orders: z.array(record("proposal_id, status, symbol, strategy, quantity, limit_price, max_loss, filled, avg_fill_price…")),
        kill_switch: z.boolean(),
        simulated: z.boolean(),
      },
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    async ({ status, symbol, limit }) => {
      const statuses: Record<typeof status, ProposalStatus[] | undefined> = {
        open: ["pending_approval", "approved", "transmitted", "partially_filled", "stop_loss_prompted", "outcome_unknown"],
        pending_approval: ["pending_approval"],
        working: ["approved", "transmitted", "partially_filled"],
        filled: ["filled", "stop_loss_prompted"],
        all: undefined,
      };
      try {
        const views = await deps.desk.list({ statuses: statuses[status], symbol, limit });
        return ok({
          orders: views.map((v) => ({
            proposal_id: v.id,
            kind: v.kind,
            status: v.status,
            symbol: v.symbol,
            strategy: v.strategy,
            quantity: v.quantity,
            order_type: v.order_type,
            limit_price: v.limit_price,
            stop_price: v.stop_price,
            max_loss: v.analysis.max_loss,
            filled: v.order.filled,
            avg_fill_price: v.order.avg_fill_price,
            stop_loss_open: v.stop_loss?.open ?? false,
            created_at: v.created_at,
          })),
          kill_switch: await deps.desk.killSwitch(),
          simulated: deps.simulated,
        });
      } catch (error) {
        return failFrom(error);
      }
    },
  );

  server.registerTool(
    "cancel_order",
    {
      description:
        "Withdraw a pending proposal, or ask to cancel a working order (the trader confirms unless settings allow).",
      inputSchema: { proposal_id: proposalId },
      outputSchema: { proposal: proposalOutput, outcome: z.enum(["cancelled", "cancel_sent", "awaiting_trader"]), next_step: z.string(), simulated: z.boolean() },
      annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true },
    },
    async ({ proposal_id }) => {
      try {
        const { view, outcome } = await deps.desk.cancel(proposal_id, "mcp", "mcp");
        const next = {
          cancelled: "Withdrawn; nothing was sent to the broker.",
          cancel_sent: "Cancel sent to TWS; get_order_status shows when it is confirmed.",
          awaiting_trader: "The trader is asked in the inbox to confirm the cancel; the order keeps working until then.",
        }[outcome];
        return ok({ proposal: forModel(view, deps.baseUrl), outcome, next_step: next, simulated: deps.simulated });
      } catch (error) {
        return failFrom(error);
      }
    },
  );

  server.registerTool(
    "set_stop_loss",
    {
      description:
        "Propose a stop order closing a filled entry if a unit's value falls to stop_price (default: suggested). Needs the trader's approval.",
      inputSchema: stopLossRequestSchema,
      outputSchema: z.object({ proposal: proposalOutput, next_step: z.string(), simulated: z.boolean() }),
      annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true },
    },
    async (args) => {
      try {
        const view = await deps.desk.proposeStopLoss(args, "mcp");
        return ok({ proposal: forModel(view, deps.baseUrl), next_step: await nextStep(deps.desk, view), simulated: deps.simulated });
      } catch (error) {
        return failFrom(error);
      }
    },
  );
}
