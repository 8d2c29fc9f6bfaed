import type { LanguageModelV3 } from "@ai-sdk/provider";
import type { Agent, ApprovalConnection, ErrorCode, Run } from "@multiclaw/protocol";
import type { Tool, ToolConnection } from "../tools/tool.ts";
import type { RunStore } from "./run-store.ts";

/** The local ids the engine mints; the gateway's `newId` gives `${idPrefixes[kind]}_${ulid}`. */
export type LocalIdKind = "conversation" | "run" | "message" | "plan" | "approval";

/** The workspace's agents as config sync last delivered them (subagents and the planning prompt use it). */
export interface AgentDirectory {
  get(id: string): Agent | undefined;
  list(): readonly Agent[];
}

/** A model object. A bare model id string is refused: the AI SDK would route it through Vercel's gateway. */
export type ResolvedModel = LanguageModelV3;

export interface EngineLimits {
  /** Model calls one run may make; the last allowed call must answer in text (no more tool calls). */
  maxModelCallsPerRun: number;
  /** A tool's output beyond this is cut before the model sees it. */
  toolOutputMaxChars: number;
  /** `tool-result` events carry at most this much output (the message keeps what the model saw). */
  eventOutputMaxChars: number;
  /** A tool call still running after this is aborted and answers TOOL_TIMEOUT. */
  toolTimeoutMs: number;
  /** Retries of a failed model call (the AI SDK backs off and honours retry-after). */
  modelRetries: number;
  /** A tool call nobody decided on within this long is denied (APPROVAL_EXPIRED). */
  approvalExpiryMs: number;
}

export const defaultEngineLimits: EngineLimits = {
  maxModelCallsPerRun: 50,
  toolOutputMaxChars: 50_000,
  eventOutputMaxChars: 4_000,
  toolTimeoutMs: 120_000,
  modelRetries: 2,
  approvalExpiryMs: 30 * 60 * 1000,
};

/** What the engine needs from its host (the gateway), all passed in. */
export interface AgentEngineDeps {
  store: RunStore;
  /** The agent's model; throws an error with `code` (KEY_NOT_CONFIGURED) when its provider has no key. */
  resolveModel(agent: Agent): ResolvedModel | Promise<ResolvedModel>;
  /** The agent's tools right now (built-ins and MCP); asked before every model call. */
  toolsFor(agent: Agent, run: Run): readonly Tool[] | Promise<readonly Tool[]>;
  agents: AgentDirectory;
  newId(kind: LocalIdKind): string;
  clock: { now(): string };
  limits?: Partial<EngineLimits>;
  /** Maps a provider error to a stable code; the engine's own classification is used without it. */
  classifyError?(error: unknown): { code: ErrorCode; message: string };
  /**
   * Describes the rows a tool call may open for its approval request: each row's title, the hosts it may
   * contact and has contacted (the gateway reads its inventory and ledger). Without it a row is shown by its
   * id with the hosts the call named.
   */
  describeConnections?(
    connections: readonly ToolConnection[],
  ): readonly ApprovalConnection[] | Promise<readonly ApprovalConnection[]>;
  /** Where failures that have no caller to go to end up (a throwing listener, a broken store). */
  reportError?(error: unknown, context: string): void;
  /**
   * Runs all of one run's work (model calls, tool calls, everything they schedule) inside `work`'s scope of
   * the host; the gateway names the run as the cause of the connections it opens. Subagents' runs get their own.
   */
  withinRun?<T>(run: Run, work: () => T): T;
}
