import type {
  AgentSummary,
  ApprovalDecision,
  ApprovalGrant,
  ApprovalRequest,
  CloudLinkStatus,
  ConnectionLogEntry,
  ConnectionRow,
  Conversation,
  ConversationSearchResult,
  LinkPreview,
  LoginStatus,
  LogoutResult,
  McpServerStatus,
  Message,
  Plan,
  PlanDecision,
  Run,
  RunEvent,
  RunMode,
  RunState,
  SignedInIdentity,
  SignedInUser,
  Task,
  UpdateCheckResult,
  UpdateStatus,
  UserSession,
  UserSignInRequest,
  UserSignOutResult,
  UserSignUpRequest,
} from "@multiclaw/protocol";
import type { FaviconAnswer } from "../favicons/favicons.ts";
import type { CloudForwardAnswer, CloudForwardRequest } from "../session/user-cloud-forward.ts";
import type { SkillLibrary } from "../skills/skill-library.ts";

/*
 * What the local API needs from the rest of the gateway. The composition wires the real engine, run store,
 * cloud link and egress guard into it; the API itself holds no state but its stream connections.
 *
 * Errors: a dependency that throws an error whose `code` is a stable `ErrorCode` (NOT_FOUND, CONFLICT,
 * KEY_NOT_CONFIGURED, EGRESS_BLOCKED…) gets that code, its status and its message in the problem document;
 * anything else is logged and answered as INTERNAL without details.
 */

/** The engine's operations. Each resolves once what it did is durably stored. */
export interface EngineOperations {
  /**
   * Stores the user's message and starts a run on it. Without `conversationId` a new conversation is created.
   * The API has already checked that the conversation exists and passes its agent.
   */
  startRun(input: { conversationId?: string; agentId: string; mode: RunMode; text: string }): Promise<Run>;
  /** Throws NOT_FOUND for an unknown run, CONFLICT when no plan awaits a decision. Resolves with the decided plan. */
  decidePlan(runId: string, decision: PlanDecision): Promise<Plan>;
  /** Throws NOT_FOUND for an unknown approval, CONFLICT when it was already decided. */
  decideApproval(approvalId: string, decision: ApprovalDecision): Promise<unknown>;
  /** Cancels a run (a run that has ended stays as it is) and resolves with it once it has ended. */
  cancel(runId: string): Promise<Run>;
  /**
   * Live run events of every run, each delivered only after it is stored (so a reader of the store never misses
   * one the listener already saw), and per run in `seq` order. Returns the unsubscribe function.
   */
  subscribe(listener: (event: RunEvent) => void): () => void;
  /** Standing grants of an agent (and of one run, when given) that have not expired. */
  listGrants(options: { agentId: string; runId?: string }): Promise<ApprovalGrant[]>;
  revokeGrant(grant: Pick<ApprovalGrant, "agentId" | "runId" | "tool" | "scope">): Promise<void>;
}

/** Reads of the local store; the engine's RunStore satisfies this shape. */
export interface RunReads {
  getConversation(id: string): Promise<Conversation | undefined>;
  /** Newest first. */
  listConversations(options: { agentId?: string; limit: number }): Promise<Conversation[]>;
  /** Oldest first. */
  listMessages(conversationId: string): Promise<Message[]>;
  getRun(id: string): Promise<Run | undefined>;
  /** Newest first. */
  listRuns(options: { conversationId?: string; states?: readonly RunState[]; limit: number }): Promise<Run[]>;
  /**
   * Stored events with `seq > afterSeq`, in order. `limit` is a hint: a store may return more, never fewer than
   * exist up to it.
   */
  listEvents(runId: string, afterSeq: number, limit: number): Promise<RunEvent[]>;
  /** The run's newest plan. */
  getPlan(runId: string): Promise<Plan | undefined>;
  listApprovals(options: { runId: string; pendingOnly: true }): Promise<ApprovalRequest[]>;
}

/** Searching, renaming and deleting conversations; the engine's RunStore satisfies this shape. */
export interface ConversationAdmin {
  /** One result per conversation, the most recently active first. */
  searchConversations(query: string, limit: number): Promise<ConversationSearchResult[]>;
  /** Throws NOT_FOUND for an unknown conversation. */
  renameConversation(id: string, title: string): Promise<Conversation>;
  /** Throws NOT_FOUND for an unknown conversation, CONFLICT while a run of it has not ended. */
  deleteConversation(id: string): Promise<void>;
}

/** The connection inventory and ledger, through the egress guard. */
export interface ConnectionControl {
  list(): Promise<ConnectionRow[]>;
  /** The newest `limit` ledger entries, oldest first. */
  log(limit: number): Promise<ConnectionLogEntry[]>;
  /** Blocks or unblocks a row; resolves with the row as it now stands, or undefined when there is no such row. */
  setBlocked(rowId: string, blocked: boolean): Promise<ConnectionRow | undefined>;
}

/** Where the Cloud link stands, as the cloud link reports it. */
export interface CloudReport {
  signedIn: SignedInIdentity | null;
  /** The Cloud the gateway is signed in to; signed out, the one `multiclaw login` would use. */
  cloudUrl: string;
  link: CloudLinkStatus;
}

/** The agents' MCP servers as the gateway runs them. */
export interface McpServerControl {
  /**
   * Stops and starts one server of one agent; resolves with its status once it is up or has failed, or
   * undefined when the agent has no server of that name.
   */
  restart(agentId: string, name: string): Promise<McpServerStatus | undefined>;
}

/** Signing the gateway in and out; the gateway owns the device credential, the CLI only shows the code. */
export interface SessionControl {
  /** Starts a device authorization (or answers the one in progress). */
  startLogin(cloudUrl: string | undefined): Promise<LoginStatus>;
  loginStatus(): LoginStatus;
  /** Asks the Cloud at once whether the pending sign-in was approved, instead of at the next poll. */
  checkLogin(): LoginStatus;
  logout(): Promise<LogoutResult>;
}

/** The user signed in through this gateway (apart from the device credential), and the Cloud as that user. */
export type { CloudForwardAnswer, CloudForwardRequest };

export interface UserControl {
  current(): Promise<UserSession>;
  /** The Cloud's refusal is thrown with its code (AUTH_INVALID, RATE_LIMITED with retryAfterSeconds…). */
  signIn(request: UserSignInRequest): Promise<SignedInUser>;
  /** Creates the account at the Cloud, then keeps the session as `signIn` does (EMAIL_TAKEN when it exists). */
  signUp(request: UserSignUpRequest): Promise<SignedInUser>;
  signOut(): Promise<UserSignOutResult>;
  /** Throws AUTH_REQUIRED when no user is signed in (or the Cloud ended the session). */
  forward(request: CloudForwardRequest): Promise<CloudForwardAnswer>;
}

/** Link title previews for the chat, made by the gateway under row `link-preview` (link-previews/). */
export interface LinkPreviewLookup {
  /** Never throws: a link without a preview answers `unavailable` with the reason. */
  preview(url: string): Promise<LinkPreview>;
}

/** Favicons for the chat, fetched by the gateway under row `favicon` (favicons/). */
export interface FaviconLookup {
  icon(domain: string): Promise<FaviconAnswer>;
}

/** The update check (updates/update-checker.ts): row `updates`, its last outcome kept in memory. */
export interface UpdateControl {
  /** Never rejects: an unreachable server or a refused manifest is an outcome. */
  check(): Promise<UpdateCheckResult>;
  status(): UpdateStatus;
}

/** Where the gateway's Cloud event stream stands for the page: whose events, and whether they flow now. */
export interface WorkspaceFeedStatus {
  workspaceId: string | null;
  live: boolean;
}

/** A task event as the Cloud link hands it on, or a request to refetch (events were missed). */
export type WorkspaceFeedEvent =
  | { name: "task-assigned" | "task-updated"; workspaceId: string; task: Task; seq: number; at: string }
  | { name: "tasks-resync"; workspaceId: string };

/** The workspace's task events the gateway hears on its Cloud event stream (session-workspace-feed.ts). */
export interface WorkspaceFeed {
  status(): WorkspaceFeedStatus;
  /** Called when `status()` may have changed. Returns the unsubscribe function. */
  onStatusChange(listener: () => void): () => void;
  onEvent(listener: (event: WorkspaceFeedEvent) => void): () => void;
}

/** A workspace's feed followed for the pages that show it, until they all leave (`close`). */
export interface FollowedWorkspace extends WorkspaceFeed {
  close(): void;
}

export interface LocalApiDeps {
  gateway: { version: string; pid: number; startedAt: string };
  cloud(): CloudReport | Promise<CloudReport>;
  /** The synced agents, with key presence and MCP server states; grants are listed per agent. */
  agents(): Promise<AgentSummary[]>;
  mcpServers: McpServerControl;
  /** The engine itself fits: its operations, live events and standing grants. */
  engine: EngineOperations;
  /** The engine's RunStore fits. */
  store: RunReads & ConversationAdmin;
  connections: ConnectionControl;
  session: SessionControl;
  user: UserControl;
  linkPreviews: LinkPreviewLookup;
  favicons: FaviconLookup;
  updates: UpdateControl;
  /** Imported skills (skills/skill-library.ts): files in the data directory, scanned, held for review. */
  skills: SkillLibrary;
  /** Relayed to stream connections whose hello asks for `workspace`. */
  workspaceFeed: WorkspaceFeed;
  /**
   * The feed of a workspace a page names in its hello (shown-workspace-feed.ts): the device link's while it
   * follows that workspace, else the Cloud's event stream as the signed-in user.
   */
  followWorkspace(workspaceId: string): FollowedWorkspace;
}
