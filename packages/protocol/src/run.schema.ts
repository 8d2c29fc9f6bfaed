import { z } from "zod";
import { AgentId, prefixedId, TaskId, Timestamp } from "./common.schema.ts";
import { ErrorCodeSchema } from "./errors.ts";

/*
 * What a gateway's agent runs are made of, as its local API and run-event stream carry them. None of this ever
 * goes to the Cloud: conversations, plans, tool calls and results stay on the user's machine.
 */

export const ConversationId = prefixedId("conv");
export const RunId = prefixedId("run");
export const MessageId = prefixedId("msg");
export const PlanId = prefixedId("plan");
/** The provider's id for a tool call; opaque. */
export const ToolCallId = z.string().min(1).max(200);
export const ApprovalId = prefixedId("apr");

/** Token counts as the provider reported them: of one model call (a message), or summed over a run. */
export const TokenUsage = z.object({
  inputTokens: z.number().int().nonnegative(),
  outputTokens: z.number().int().nonnegative(),
  totalTokens: z.number().int().nonnegative(),
});
export type TokenUsage = z.infer<typeof TokenUsage>;

export const RunError = z.object({ code: ErrorCodeSchema, message: z.string() });
export type RunError = z.infer<typeof RunError>;

/** One step of a plan. A step may hand its work to another agent of the workspace (a subagent). */
export const PlanStep = z.strictObject({
  number: z.number().int().positive(),
  title: z.string().trim().min(1).max(500),
  detail: z.string().max(10_000).default(""),
  /** The agent this step is delegated to; shown in the plan the user approves. */
  delegateTo: AgentId.nullable().default(null),
});
export type PlanStep = z.infer<typeof PlanStep>;

export const PlanStatus = z.enum(["proposed", "approved", "rejected", "superseded"]);
export type PlanStatus = z.infer<typeof PlanStatus>;

export const Plan = z.object({
  id: PlanId,
  runId: RunId,
  status: PlanStatus,
  steps: z.array(PlanStep).min(1).max(100),
  /** True when the user changed the steps before approving. */
  edited: z.boolean(),
  createdAt: Timestamp,
  decidedAt: Timestamp.nullable(),
});
export type Plan = z.infer<typeof Plan>;

/**
 * The user's answer to a proposed plan. `edit` approves the given steps instead of the proposed ones (renumbered
 * in order); `reject` ends the run.
 */
export const PlanDecision = z.discriminatedUnion("decision", [
  z.strictObject({ decision: z.literal("approve") }),
  z.strictObject({ decision: z.literal("edit"), steps: z.array(PlanStep).min(1).max(100) }),
  z.strictObject({ decision: z.literal("reject"), reason: z.string().max(2000).optional() }),
]);
export type PlanDecision = z.infer<typeof PlanDecision>;

/** How far an approval reaches: this one call, this tool for the rest of the run, or this tool for the agent. */
export const ApprovalScope = z.enum(["call", "tool-for-run", "tool-for-agent"]);
export type ApprovalScope = z.infer<typeof ApprovalScope>;

/**
 * A connection row of the inventory (docs/network.md) a tool call may open if it is allowed, with the hosts
 * there: those the call may contact (taken from its arguments, or the row's configured hosts) and those the
 * row has already contacted on this gateway.
 */
export const ApprovalConnection = z.object({
  /** The row's id, as `multiclaw connections block` takes it: `web-fetch`, `mcp:<server>`. */
  rowId: z.string(),
  /** The row's title ("MCP server github"). */
  title: z.string(),
  /** Hosts the call may contact (`host` or `host:port`; `*` for any); empty for a local process (stdio). */
  hosts: z.array(z.string()),
  /** Hosts the row connected to recently, newest first. */
  contactedHosts: z.array(z.string()),
});
export type ApprovalConnection = z.infer<typeof ApprovalConnection>;

/** A tool call paused for the user's decision. */
export const ApprovalRequest = z.object({
  id: ApprovalId,
  runId: RunId,
  toolCallId: ToolCallId,
  tool: z.string(),
  input: z.unknown(),
  /** Why it needs approval: the agent's tool policy, or a tool that always asks (shell). */
  reason: z.enum(["policy", "always"]),
  /**
   * The connection rows the call may open, computed when it was requested; empty for a tool that opens none
   * (files, the shell's working directory). Absent on requests stored before the gateway recorded it.
   */
  connections: z.array(ApprovalConnection).optional(),
  /**
   * When the request is denied on its own if nobody decides (APPROVAL_EXPIRED); absent on requests stored
   * before approvals expired.
   */
  expiresAt: Timestamp.optional(),
  createdAt: Timestamp,
});
export type ApprovalRequest = z.infer<typeof ApprovalRequest>;

export const ApprovalDecision = z.discriminatedUnion("decision", [
  z.strictObject({
    decision: z.literal("approve"),
    scope: ApprovalScope.default("call"),
    /** A grant wider than one call may expire; omitted means it lasts as long as its scope. */
    expiresInSeconds: z
      .number()
      .int()
      .positive()
      .max(30 * 24 * 3600)
      .optional(),
  }),
  z.strictObject({ decision: z.literal("deny"), reason: z.string().max(2000).optional() }),
]);
export type ApprovalDecision = z.infer<typeof ApprovalDecision>;

/** A standing grant (scope wider than one call), listable and revocable. */
export const ApprovalGrant = z.object({
  tool: z.string(),
  scope: z.enum(["tool-for-run", "tool-for-agent"]),
  agentId: AgentId,
  runId: RunId.nullable(),
  expiresAt: Timestamp.nullable(),
  createdAt: Timestamp,
});
export type ApprovalGrant = z.infer<typeof ApprovalGrant>;

export const RunState = z.enum([
  "planning",
  "awaiting-plan-approval",
  "running",
  "awaiting-tool-approval",
  "completed",
  "failed",
  "cancelled",
  "rejected",
  "interrupted",
]);
export type RunState = z.infer<typeof RunState>;

export const terminalRunStates: readonly RunState[] = [
  "completed",
  "failed",
  "cancelled",
  "rejected",
  "interrupted",
];

/** A chat turn answers at once (tools still ask where policy says so); a task first proposes a plan. */
export const RunMode = z.enum(["chat", "task"]);
export type RunMode = z.infer<typeof RunMode>;

export const Run = z.object({
  id: RunId,
  conversationId: ConversationId,
  agentId: AgentId,
  mode: RunMode,
  /** The Cloud task this run works on, when it came from an assignment. */
  taskId: TaskId.nullable(),
  /** Set on a subagent's run: the run whose plan step delegated to it. */
  parentRunId: RunId.nullable(),
  state: RunState,
  usage: TokenUsage,
  error: RunError.nullable(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type Run = z.infer<typeof Run>;

/** A part of a message: text, a tool call the model made, or the result that went back to it. */
export const MessagePart = z.discriminatedUnion("type", [
  z.object({ type: z.literal("text"), text: z.string() }),
  z.object({ type: z.literal("tool-call"), toolCallId: ToolCallId, tool: z.string(), input: z.unknown() }),
  z.object({
    type: z.literal("tool-result"),
    toolCallId: ToolCallId,
    tool: z.string(),
    ok: z.boolean(),
    output: z.string(),
    error: RunError.nullable(),
  }),
]);
export type MessagePart = z.infer<typeof MessagePart>;

export const MessageRole = z.enum(["user", "assistant", "tool"]);
export type MessageRole = z.infer<typeof MessageRole>;

export const Message = z.object({
  id: MessageId,
  conversationId: ConversationId,
  runId: RunId.nullable(),
  role: MessageRole,
  parts: z.array(MessagePart),
  /** On an assistant message: the tokens of the model call that wrote it, as the provider reported them. */
  usage: TokenUsage.optional(),
  createdAt: Timestamp,
});
export type Message = z.infer<typeof Message>;

export const Conversation = z.object({
  id: ConversationId,
  agentId: AgentId,
  title: z.string(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type Conversation = z.infer<typeof Conversation>;

/** What happens during a run, in order. Every event is stored before it is streamed. */
export const RunEventBody = z.discriminatedUnion("type", [
  z.object({ type: z.literal("run-state"), state: RunState, error: RunError.nullable() }),
  z.object({ type: z.literal("text-delta"), messageId: MessageId, delta: z.string() }),
  z.object({ type: z.literal("message"), message: Message }),
  z.object({ type: z.literal("plan-proposed"), plan: Plan }),
  z.object({ type: z.literal("plan-decided"), plan: Plan }),
  z.object({ type: z.literal("tool-call"), toolCallId: ToolCallId, tool: z.string(), input: z.unknown() }),
  z.object({ type: z.literal("approval-requested"), approval: ApprovalRequest }),
  z.object({
    type: z.literal("approval-decided"),
    approvalId: ApprovalId,
    decision: z.enum(["approve", "deny"]),
    scope: ApprovalScope.nullable(),
    /** True when nobody decided before `expiresAt` and the call was denied for it (APPROVAL_EXPIRED). */
    expired: z.boolean().optional(),
  }),
  z.object({
    type: z.literal("tool-result"),
    toolCallId: ToolCallId,
    tool: z.string(),
    ok: z.boolean(),
    /** What went back to the model, truncated for display. */
    output: z.string(),
    error: RunError.nullable(),
  }),
  z.object({ type: z.literal("usage"), usage: TokenUsage }),
  z.object({
    type: z.literal("delegation"),
    step: z.number().int().positive(),
    agentId: AgentId,
    childRunId: RunId,
    state: z.enum(["started", "finished"]),
  }),
]);
export type RunEventBody = z.infer<typeof RunEventBody>;

/** The event that ends a run: its `run-state` into a terminal state. Nothing of the run follows it. */
export function endsRun(body: RunEventBody): body is Extract<RunEventBody, { type: "run-state" }> {
  return body.type === "run-state" && terminalRunStates.includes(body.state);
}

/** A stored run event: numbered per run from 1, so a client resumes with `after`. */
export const RunEvent = z.object({
  runId: RunId,
  seq: z.number().int().positive(),
  at: Timestamp,
  event: RunEventBody,
});
export type RunEvent = z.infer<typeof RunEvent>;
