import { z } from "zod";
import { AgentId } from "./common.schema.ts";
import { ConversationId, RunId } from "./run.schema.ts";

/*
 * What caused a connection: the run or the gateway feature whose work opened it. The gateway's ledger records
 * one with every connection it opens or refuses, so the Connections page can say why each one happened.
 */

/** A run's model calls, its tool calls (web fetch) and the MCP traffic of its tool calls. */
export const RunConnectionCause = z.object({
  kind: z.literal("run"),
  runId: RunId,
  agentId: AgentId,
  /** The conversation the run belongs to; null for a run that has none. */
  conversationId: ConversationId.nullable(),
});
export type RunConnectionCause = z.infer<typeof RunConnectionCause>;

/** The gateway features that connect outside a run. */
export const ConnectionFeature = z.enum([
  /** The Cloud link: signing in with the device credential, heartbeats, the event stream. */
  "cloud-link",
  "config-sync",
  /** Reading the tasks assigned to this gateway. */
  "task-assignment",
  "task-report",
  /** `multiclaw login`: the device authorization. */
  "device-login",
  "update-check",
  "link-preview",
  "favicon",
  /** The person's own Cloud session (sign-in, refresh, sign-out). */
  "user-session",
  /** A Cloud call the App made through the gateway. */
  "app-cloud-call",
  /** Starting an MCP server and keeping it connected. */
  "mcp-server",
]);
export type ConnectionFeature = z.infer<typeof ConnectionFeature>;

export const FeatureConnectionCause = z.object({
  kind: z.literal("feature"),
  feature: ConnectionFeature,
  /** What within the feature: the MCP server's name, the Cloud route's name. */
  detail: z.string().nullable(),
});
export type FeatureConnectionCause = z.infer<typeof FeatureConnectionCause>;

/**
 * @example
 * { kind: "run", runId: "run_…", agentId: "agt_…", conversationId: "cnv_…" }
 * { kind: "feature", feature: "config-sync", detail: null }
 */
export const ConnectionCause = z.discriminatedUnion("kind", [RunConnectionCause, FeatureConnectionCause]);
export type ConnectionCause = z.infer<typeof ConnectionCause>;
