import type {
  ApprovalGrant,
  ApprovalRequest,
  Conversation,
  ConversationSearchResult,
  Message,
  Plan,
  Run,
  RunError,
  RunEvent,
  RunEventBody,
  RunState,
  TokenUsage,
} from "@multiclaw/protocol";

/*
 * Where the engine keeps everything a run produces. The gateway implements it on its local database; tests use
 * the in-memory one. Every method that writes resolves only once the write is durable, so whatever the engine
 * has acknowledged (to the API, to the Cloud) survives a `kill -9`.
 */

export interface RunUpdate {
  state?: RunState;
  usage?: TokenUsage;
  error?: RunError | null;
  updatedAt: string;
}

/**
 * The rows an event changes, stored in the same transaction as the event: a crash leaves both or neither, and
 * a turn costs one commit per event instead of one per row. Applied in this order, before the event.
 */
export interface EventRows {
  /** A new conversation (for the event's run, created with it). */
  conversation?: Conversation;
  /** The event's run, created by it. */
  run?: Run;
  /** A change to the event's run. */
  runUpdate?: RunUpdate;
  message?: Message;
  /** The conversation's new updatedAt. */
  conversationTouched?: { id: string; updatedAt: string };
}

/** An event to append, with the rows it changes. */
export interface NewRunEvent {
  at: string;
  body: RunEventBody;
  rows?: EventRows;
}

/** A pending or answered approval request, as stored. */
export interface StoredApproval extends ApprovalRequest {
  decision: "approve" | "deny" | null;
  decidedAt: string | null;
  /** Set on a request nobody decided on before it expired: its decision is "deny" (APPROVAL_EXPIRED). */
  expired?: boolean;
}

export interface RunStore {
  createConversation(conversation: Conversation): Promise<void>;
  getConversation(id: string): Promise<Conversation | undefined>;
  /** Newest first. */
  listConversations(options?: { agentId?: string; limit?: number }): Promise<Conversation[]>;
  touchConversation(id: string, updatedAt: string): Promise<void>;
  /**
   * Conversations whose title or messages hold every word of `query` (each as a word prefix, case and accents
   * ignored), the most recently active first, each with a snippet of its best match. Words are taken from the
   * query as plain text: no operator or quote in it is special.
   */
  searchConversations(query: string, limit: number): Promise<ConversationSearchResult[]>;
  /** Sets the title (updatedAt stays: a rename is not activity). Throws NOT_FOUND for an unknown conversation. */
  renameConversation(id: string, title: string): Promise<Conversation>;
  /**
   * Deletes the conversation with its messages and its runs' events, plans and approvals, in one transaction.
   * Throws NOT_FOUND for an unknown conversation and CONFLICT while one of its runs has not ended.
   */
  deleteConversation(id: string): Promise<void>;

  appendMessage(message: Message): Promise<void>;
  /** Oldest first. */
  listMessages(conversationId: string): Promise<Message[]>;

  createRun(run: Run): Promise<void>;
  updateRun(id: string, update: RunUpdate): Promise<void>;
  getRun(id: string): Promise<Run | undefined>;
  /**
   * Newest first; `states` filters (used at start-up to find runs a crash interrupted). `taskId` gives the runs
   * of one task, `tasks: true` the runs of any task; `topLevel: true` leaves out subagent runs.
   */
  listRuns(options?: {
    conversationId?: string;
    states?: readonly RunState[];
    taskId?: string;
    tasks?: boolean;
    topLevel?: boolean;
    limit?: number;
  }): Promise<Run[]>;

  /**
   * Assigns the next `seq` of the run (1, 2, …) and stores the event, with the rows it changes, in one
   * transaction before resolving; if any of it fails, nothing of it is stored.
   */
  appendEvent(runId: string, at: string, event: RunEventBody, rows?: EventRows): Promise<RunEvent>;
  /** Appends several events of one run, each with its rows, in one transaction: all of them or none. */
  appendEvents(runId: string, events: readonly NewRunEvent[]): Promise<RunEvent[]>;
  /** Events with `seq > afterSeq`, in order. */
  listEvents(runId: string, afterSeq?: number): Promise<RunEvent[]>;

  /** Inserts or replaces by id. */
  savePlan(plan: Plan): Promise<void>;
  /** The run's newest plan. */
  getPlan(runId: string): Promise<Plan | undefined>;

  saveApproval(approval: StoredApproval): Promise<void>;
  getApproval(id: string): Promise<StoredApproval | undefined>;
  listApprovals(options: { runId?: string; pendingOnly?: boolean }): Promise<StoredApproval[]>;

  saveGrant(grant: ApprovalGrant): Promise<void>;
  /** Grants of an agent (and of one run, when given) that have not expired at `now`. */
  listGrants(options: { agentId: string; runId?: string; now: string }): Promise<ApprovalGrant[]>;
  deleteGrant(grant: Pick<ApprovalGrant, "agentId" | "runId" | "tool" | "scope">): Promise<void>;
}
