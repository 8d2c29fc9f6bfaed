import { z } from "zod";
import { McpServerName } from "./agent.schema.ts";
import { AgentId, InstanceId, Provider, Timestamp, UserId, WorkspaceId } from "./common.schema.ts";
import { ConnectionCause } from "./connection-cause.schema.ts";
import { ErrorCodeSchema } from "./errors.ts";
import { TaskAssignedEvent, TaskUpdatedEvent } from "./events.schema.ts";
import {
  ApprovalGrant,
  ApprovalRequest,
  Conversation,
  ConversationId,
  Message,
  Plan,
  Run,
  RunEvent,
  RunId,
  RunMode,
  RunState,
  terminalRunStates,
} from "./run.schema.ts";

/*
 * The gateway's local API: what the CLI and the App read and send over 127.0.0.1. Everything here stays on the
 * user's machine; none of it is a Cloud payload.
 */

/** Every local API path starts with this prefix; the run-event WebSocket is `GATEWAY_STREAM_PATH`. */
export const GATEWAY_API_PREFIX = "/v1";
export const GATEWAY_STREAM_PATH = "/v1/stream";
/** The port the local API listens on unless `MULTICLAW_GATEWAY_PORT` says otherwise. */
export const DEFAULT_GATEWAY_PORT = 4801;

/** The one unauthenticated answer: is a gateway listening here. Says nothing else about it. */
export const GatewayHealth = z.object({ ok: z.literal(true) });
export type GatewayHealth = z.infer<typeof GatewayHealth>;

export const CloudLinkState = z.enum(["connected", "reconnecting", "offline"]);
export type CloudLinkState = z.infer<typeof CloudLinkState>;

export const CloudLinkStatus = z.object({
  state: CloudLinkState,
  /** Why the link is not connected (signed out, Cloud unreachable, blocked by the user…); null when it is. */
  reason: z.string().nullable(),
  /** When the configuration was last synced from the Cloud. */
  lastSyncAt: Timestamp.nullable(),
});
export type CloudLinkStatus = z.infer<typeof CloudLinkStatus>;

/** Who this gateway is signed in as. Names are null until the gateway has read them from the Cloud. */
export const SignedInIdentity = z.object({
  account: z.object({ userId: UserId, email: z.string().nullable(), name: z.string().nullable() }),
  workspace: z.object({ workspaceId: WorkspaceId, name: z.string().nullable() }),
  instance: z.object({ instanceId: InstanceId, name: z.string().nullable() }),
});
export type SignedInIdentity = z.infer<typeof SignedInIdentity>;

export const McpServerState = z.enum(["disabled", "starting", "running", "restarting", "failed"]);
export type McpServerState = z.infer<typeof McpServerState>;

/** One MCP server of an agent, as the gateway runs it. */
export const McpServerStatus = z.object({
  name: z.string(),
  transport: z.enum(["stdio", "http"]),
  state: McpServerState,
  /** Tools it currently offers (0 unless running). */
  toolCount: z.number().int().nonnegative(),
  /** Why it is failed or restarting. */
  reason: z.string().nullable(),
});
export type McpServerStatus = z.infer<typeof McpServerStatus>;

/** Names one MCP server of one agent (`restartMcpServer`). */
export const McpServerParams = z.strictObject({ agentId: AgentId, name: McpServerName });
export type McpServerParams = z.infer<typeof McpServerParams>;

/** An agent this gateway can run, with what it needs to run. */
export const AgentSummary = z.object({
  id: AgentId,
  name: z.string(),
  provider: Provider,
  model: z.string(),
  /** Whether the workspace has a key for the agent's provider (the key itself never leaves the gateway). */
  keyConfigured: z.boolean(),
  mcpServers: z.array(McpServerStatus),
});
export type AgentSummary = z.infer<typeof AgentSummary>;

export const AgentSummaryList = z.object({ agents: z.array(AgentSummary) });
export type AgentSummaryList = z.infer<typeof AgentSummaryList>;

/** `multiclaw status`: the process, its sign-in, the Cloud link and the agents. */
export const GatewayStatus = z.object({
  version: z.string(),
  pid: z.number().int().positive(),
  startedAt: Timestamp,
  signedIn: SignedInIdentity.nullable(),
  /** The Cloud this gateway is signed in to; signed out, the one `multiclaw login` would use. */
  cloudUrl: z.string(),
  cloudLink: CloudLinkStatus,
  agents: z.array(AgentSummary),
});
export type GatewayStatus = z.infer<typeof GatewayStatus>;

/*
 * Signing the gateway in: `multiclaw login` asks the gateway to start a device authorization against its Cloud;
 * the user approves the code in a browser; the gateway keeps the credential. The CLI only shows the code.
 */
export const StartLoginRequest = z.strictObject({
  /** The Cloud to sign in to; the gateway's configured Cloud when omitted. */
  cloudUrl: z
    .url({ protocol: /^https?$/ })
    .max(2048)
    .optional(),
});
export type StartLoginRequest = z.infer<typeof StartLoginRequest>;

export const LoginState = z.enum(["signed-out", "pending", "signed-in", "failed"]);
export type LoginState = z.infer<typeof LoginState>;

export const LoginStatus = z.object({
  state: LoginState,
  cloudUrl: z.string().nullable(),
  /** While pending: the code to confirm and where. */
  userCode: z.string().nullable(),
  verificationUri: z.string().nullable(),
  verificationUriComplete: z.string().nullable(),
  expiresAt: Timestamp.nullable(),
  /** Why the last attempt failed (DEVICE_DENIED, DEVICE_CODE_EXPIRED, UNAVAILABLE…). */
  error: z.object({ code: ErrorCodeSchema, message: z.string() }).nullable(),
  signedIn: SignedInIdentity.nullable(),
});
export type LoginStatus = z.infer<typeof LoginStatus>;

export const LogoutResult = z.object({
  /** False when the Cloud could not be reached; the credential is deleted either way. */
  revokedAtCloud: z.boolean(),
});
export type LogoutResult = z.infer<typeof LogoutResult>;

const Limit = (max: number, fallback: number) => z.coerce.number().int().min(1).max(max).default(fallback);

export const ConversationListQuery = z.strictObject({
  agentId: AgentId.optional(),
  limit: Limit(200, 50),
});
export type ConversationListQuery = z.infer<typeof ConversationListQuery>;

/** Newest first. */
export const ConversationList = z.object({ conversations: z.array(Conversation) });
export type ConversationList = z.infer<typeof ConversationList>;

/** A conversation with its messages (oldest first) and its runs (newest first). */
export const ConversationDetail = z.object({
  conversation: Conversation,
  messages: z.array(Message),
  runs: z.array(Run),
});
export type ConversationDetail = z.infer<typeof ConversationDetail>;

const MessageText = z.string().trim().min(1).max(100_000);

/** Starts a conversation with its first message; the answer is the run that message started. */
export const CreateConversationRequest = z.strictObject({
  agentId: AgentId,
  mode: RunMode.default("chat"),
  text: MessageText,
});
export type CreateConversationRequest = z.infer<typeof CreateConversationRequest>;

/** A new message in an existing conversation, to the conversation's agent; the answer is the run it started. */
export const SendMessageRequest = z.strictObject({
  mode: RunMode.default("chat"),
  text: MessageText,
});
export type SendMessageRequest = z.infer<typeof SendMessageRequest>;

export const RunListQuery = z.strictObject({
  conversationId: ConversationId.optional(),
  /** Only runs that have not ended (running, planning, waiting for the user). */
  active: z
    .enum(["true", "false"])
    .transform((value) => value === "true")
    .optional(),
  limit: Limit(200, 50),
});
export type RunListQuery = z.infer<typeof RunListQuery>;

/** Newest first. */
export const RunList = z.object({ runs: z.array(Run) });
export type RunList = z.infer<typeof RunList>;

/** A run with its newest plan and the tool calls waiting for the user. */
export const RunDetail = z.object({
  run: Run,
  plan: Plan.nullable(),
  pendingApprovals: z.array(ApprovalRequest),
});
export type RunDetail = z.infer<typeof RunDetail>;

export const RunEventListQuery = z.strictObject({
  /** The last `seq` the caller has; events after it are returned. */
  after: z.coerce.number().int().nonnegative().default(0),
  limit: Limit(1000, 500),
});
export type RunEventListQuery = z.infer<typeof RunEventListQuery>;

/** Stored events in `seq` order; ask again with the last `seq` as `after` while `hasMore`. */
export const RunEventList = z.object({ events: z.array(RunEvent), hasMore: z.boolean() });
export type RunEventList = z.infer<typeof RunEventList>;

/** Without `runId`, the grants that hold for whole agents; with it, also those of that run (for its agent). */
export const GrantListQuery = z.strictObject({ agentId: AgentId.optional(), runId: RunId.optional() });
export type GrantListQuery = z.infer<typeof GrantListQuery>;

/** Standing grants that have not expired. */
export const GrantList = z.object({ grants: z.array(ApprovalGrant) });
export type GrantList = z.infer<typeof GrantList>;

/** Names one grant: a grant has no id of its own, it is the agent, the tool, the scope and (for a run) the run. */
export const RevokeGrantRequest = z.strictObject({
  agentId: AgentId,
  tool: z.string().min(1).max(200),
  scope: ApprovalGrant.shape.scope,
  runId: RunId.nullable().default(null),
});
export type RevokeGrantRequest = z.infer<typeof RevokeGrantRequest>;

/** A row of the connection inventory: `cloud-api`, `llm-openai`, `mcp:<server>`… */
export const ConnectionRowId = z
  .string()
  .regex(/^[a-z][a-z0-9-]*(:[a-zA-Z0-9][a-zA-Z0-9_-]{0,63})?$/, "must be an inventory row id");

export const ConnectionRowState = z.enum(["active", "idle", "not-configured", "blocked"]);
export type ConnectionRowState = z.infer<typeof ConnectionRowState>;

/** One row of `multiclaw connections` and of the App's Connections page. */
export const ConnectionRow = z.object({
  id: ConnectionRowId,
  title: z.string(),
  /** Where it may connect, as `host:port` (a `*.` prefix matches subdomains). */
  hosts: z.array(z.string()),
  purpose: z.string(),
  /** What stops working while it is blocked. */
  ifBlocked: z.string(),
  state: ConnectionRowState,
  /** The user blocked it (`multiclaw connections block`); the state is then `blocked`. */
  blockedByUser: z.boolean(),
  /** Why the last connection was refused (blocked by the user, no key, server disabled…). */
  blockReason: z.string().nullable(),
  lastUsedAt: Timestamp.nullable(),
  openConnections: z.number().int().nonnegative(),
  connections: z.number().int().nonnegative(),
  refusals: z.number().int().nonnegative(),
  bytesIn: z.number().int().nonnegative(),
  bytesOut: z.number().int().nonnegative(),
  /** Why the row's feature is off on this machine ("Link previews needs Node 24 (this is 20.20.2)"). */
  unavailableReason: z.string().nullable().optional(),
});
export type ConnectionRow = z.infer<typeof ConnectionRow>;

export const ConnectionList = z.object({ rows: z.array(ConnectionRow) });
export type ConnectionList = z.infer<typeof ConnectionList>;

export const ConnectionRowParams = z.strictObject({ rowId: ConnectionRowId });

export const ConnectionLogQuery = z.strictObject({ limit: Limit(1000, 100) });
export type ConnectionLogQuery = z.infer<typeof ConnectionLogQuery>;

/** One connection from the ledger: opened (with its byte counts once closed) or refused. */
export const ConnectionLogEntry = z.object({
  /** Null for a refusal that matched no row. */
  rowId: z.string().nullable(),
  host: z.string(),
  port: z.number().int().nonnegative(),
  startedAt: Timestamp,
  /** Null while open. */
  endedAt: Timestamp.nullable(),
  bytesIn: z.number().int().nonnegative(),
  bytesOut: z.number().int().nonnegative(),
  /** Set for a refused connection. */
  blockedReason: z.string().nullable(),
  /** The run or feature whose work opened (or tried to open) it; null only if the gateway could not tell. */
  cause: ConnectionCause.nullable(),
});
export type ConnectionLogEntry = z.infer<typeof ConnectionLogEntry>;

/** The newest ledger entries, oldest first. */
export const ConnectionLog = z.object({ entries: z.array(ConnectionLogEntry) });
export type ConnectionLog = z.infer<typeof ConnectionLog>;

/*
 * The run-event stream (`GATEWAY_STREAM_PATH`). Browsers cannot set headers on a WebSocket, so the first frame
 * carries the token. Events are numbered per run; a client that reconnects names the last `seq` it processed
 * per run and receives every later event once, in order, stored ones first and live ones after.
 */

const MAX_STREAM_RUNS = 1000;

/** Per run, the last `seq` the client has processed. */
export const StreamCursors = z
  .record(RunId, z.number().int().nonnegative())
  .refine((cursors) => Object.keys(cursors).length <= MAX_STREAM_RUNS, `at most ${MAX_STREAM_RUNS} runs`);
export type StreamCursors = z.infer<typeof StreamCursors>;

/**
 * `subscribe`: some runs (each replayed from `after`, from its first event when not named) or `"all"` (every
 * run's live events from now on; runs named in `after` are first replayed from there).
 */
export const StreamHelloFrame = z.strictObject({
  type: z.literal("hello"),
  protocol: z.number().int().positive(),
  /** The API token; left out by the App, whose upgrade request carries its session cookie instead. */
  token: z.string().min(1).max(512).optional(),
  /** Left out by a client that wants only the workspace's task events (`workspace: true`). */
  subscribe: z.union([z.literal("all"), z.array(RunId).min(1).max(100)]).optional(),
  after: StreamCursors.optional(),
  /**
   * Also relay the task events of the workspace this gateway is signed in to, as it hears them on its Cloud
   * event stream (`workspace-status`, then `workspace-event` and `workspace-resync` frames).
   */
  workspace: z.boolean().optional(),
  /**
   * With `workspace`: the workspace the page shows, when it may not be the gateway's own. While the gateway's
   * device link follows another one, the gateway follows this one's Cloud event stream as the signed-in user for
   * as long as a connection asks for it.
   */
  workspaceId: WorkspaceId.optional(),
});
export type StreamHelloFrame = z.infer<typeof StreamHelloFrame>;

/** Adds runs to an open stream (a run the client started after connecting), with the same `after` rules. */
export const StreamSubscribeFrame = z.strictObject({
  type: z.literal("subscribe"),
  runIds: z.array(RunId).min(1).max(100),
  after: StreamCursors.optional(),
});
export type StreamSubscribeFrame = z.infer<typeof StreamSubscribeFrame>;

export const StreamPingFrame = z.strictObject({
  type: z.literal("ping"),
  id: z.number().int().nonnegative(),
});
export type StreamPingFrame = z.infer<typeof StreamPingFrame>;

export const StreamClientFrame = z.discriminatedUnion("type", [
  StreamHelloFrame,
  StreamSubscribeFrame,
  StreamPingFrame,
]);
export type StreamClientFrame = z.infer<typeof StreamClientFrame>;

export const StreamWelcomeFrame = z.object({
  type: z.literal("welcome"),
  protocol: z.number().int().positive(),
  subscribed: z.union([z.literal("all"), z.array(RunId)]),
});
export type StreamWelcomeFrame = z.infer<typeof StreamWelcomeFrame>;

/** One stored run event; the fields of `RunEvent` beside the frame type. */
export const RunEventFrame = RunEvent.extend({ type: z.literal("run-event") });
export type RunEventFrame = z.infer<typeof RunEventFrame>;

export const StreamPongFrame = z.object({ type: z.literal("pong"), id: z.number().int().nonnegative() });
export type StreamPongFrame = z.infer<typeof StreamPongFrame>;

/** A refused frame or subscription (e.g. NOT_FOUND for an unknown run); sent before a close that has a reason. */
export const StreamErrorFrame = z.object({
  type: z.literal("error"),
  code: ErrorCodeSchema,
  message: z.string(),
  /** The run a refused subscription named. */
  runId: RunId.optional(),
});
export type StreamErrorFrame = z.infer<typeof StreamErrorFrame>;

/*
 * Workspace frames, for a hello with `workspace: true`: the task events of the workspace the hello named (or,
 * naming none, of the one the gateway is signed in to), with nothing the Cloud's event did not carry. Delivery
 * is live only: a page that reconnects, or is told to resync, fetches the task list again.
 */

/** Whose events come, and whether the gateway's Cloud event stream is up; sent after the hello and on change. */
export const StreamWorkspaceStatusFrame = z.object({
  type: z.literal("workspace-status"),
  /** Null while the gateway is signed out. */
  workspaceId: WorkspaceId.nullable(),
  /** False while the gateway's event stream of this workspace is down: events may arrive late or not at all. */
  live: z.boolean(),
});
export type StreamWorkspaceStatusFrame = z.infer<typeof StreamWorkspaceStatusFrame>;

export const WorkspaceTaskEvent = z.discriminatedUnion("name", [TaskAssignedEvent, TaskUpdatedEvent]);
export type WorkspaceTaskEvent = z.infer<typeof WorkspaceTaskEvent>;

/** One task event of the Cloud's stream, as the Cloud numbered it (`seq`) and dated it (`at`). */
export const StreamWorkspaceEventFrame = z.object({
  type: z.literal("workspace-event"),
  workspaceId: WorkspaceId,
  seq: z.number().int().positive(),
  at: Timestamp,
  event: WorkspaceTaskEvent,
});
export type StreamWorkspaceEventFrame = z.infer<typeof StreamWorkspaceEventFrame>;

/** Events were missed (the gateway was away too long, or it polls while live updates are blocked): refetch. */
export const StreamWorkspaceResyncFrame = z.object({
  type: z.literal("workspace-resync"),
  workspaceId: WorkspaceId,
});
export type StreamWorkspaceResyncFrame = z.infer<typeof StreamWorkspaceResyncFrame>;

export const StreamServerFrame = z.discriminatedUnion("type", [
  StreamWelcomeFrame,
  RunEventFrame,
  StreamPongFrame,
  StreamErrorFrame,
  StreamWorkspaceStatusFrame,
  StreamWorkspaceEventFrame,
  StreamWorkspaceResyncFrame,
]);
export type StreamServerFrame = z.infer<typeof StreamServerFrame>;

/** Run states after which a run changes no more; `RunListQuery.active` filters on the others. */
export const activeRunStates: readonly RunState[] = RunState.options.filter(
  (state) => !terminalRunStates.includes(state),
);
