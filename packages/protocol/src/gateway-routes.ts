import { z } from "zod";
import * as app from "./app-session.schema.ts";
import * as admin from "./conversation-admin.schema.ts";
import * as api from "./gateway-api.schema.ts";
import * as preview from "./link-preview.schema.ts";
import { type CloudRouteName, cloudRoutes } from "./routes.ts";
import {
  ApprovalDecision,
  ApprovalId,
  Conversation,
  ConversationId,
  Plan,
  PlanDecision,
  Run,
  RunId,
} from "./run.schema.ts";
import * as skills from "./skills.schema.ts";
import * as updates from "./update-check.schema.ts";
import * as user from "./user-session.schema.ts";

/**
 * `token`: the bearer token from the gateway's 0600 token file, or the App's session cookie from a page of the
 * gateway's own origin; `none`: the health check and the App's code exchange.
 */
export type GatewayRouteAuth = "none" | "token";

export interface GatewayRouteDefinition {
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  /** Hono-style path, `:name` for parameters; every path starts with `GATEWAY_API_PREFIX`. */
  path: string;
  summary: string;
  auth: GatewayRouteAuth;
  params?: z.ZodType;
  query?: z.ZodType;
  body?: z.ZodType;
  /** Success status and body; `null` body for 204. */
  status: 200 | 201 | 202 | 204;
  response: z.ZodType | null;
  tag: string;
}

const conversationParams = z.strictObject({ conversationId: ConversationId });
const runParams = z.strictObject({ runId: RunId });
const approvalParams = z.strictObject({ approvalId: ApprovalId });

function define<const T extends Record<string, GatewayRouteDefinition>>(table: T): T {
  return table;
}

/**
 * Every route of the gateway's local API (127.0.0.1 only). The gateway binds its handlers by these names and
 * `@multiclaw/gateway-client` builds its methods from the same table, so the two cannot drift.
 */
export const gatewayRoutes = define({
  health: {
    method: "GET",
    path: "/v1/health",
    summary: "Whether a gateway listens here (no token; answers nothing else)",
    auth: "none",
    status: 200,
    response: api.GatewayHealth,
    tag: "gateway",
  },
  status: {
    method: "GET",
    path: "/v1/status",
    summary: "Version, sign-in, Cloud link and agents",
    auth: "token",
    status: 200,
    response: api.GatewayStatus,
    tag: "gateway",
  },
  listAgents: {
    method: "GET",
    path: "/v1/agents",
    summary: "Agents this gateway runs, with their MCP servers",
    auth: "token",
    status: 200,
    response: api.AgentSummaryList,
    tag: "gateway",
  },
  restartMcpServer: {
    method: "POST",
    path: "/v1/agents/:agentId/mcp-servers/:name/restart",
    summary: "Stop and start one MCP server of an agent; answers its status once it is up or has failed",
    auth: "token",
    params: api.McpServerParams,
    status: 200,
    response: api.McpServerStatus,
    tag: "gateway",
  },

  listConversations: {
    method: "GET",
    path: "/v1/conversations",
    summary: "Conversations, newest first",
    auth: "token",
    query: api.ConversationListQuery,
    status: 200,
    response: api.ConversationList,
    tag: "conversations",
  },
  createConversation: {
    method: "POST",
    path: "/v1/conversations",
    summary: "Start a conversation with its first message; answers the run it started",
    auth: "token",
    body: api.CreateConversationRequest,
    status: 201,
    response: Run,
    tag: "conversations",
  },
  searchConversations: {
    method: "GET",
    path: "/v1/conversations/search",
    summary: "Full-text search over titles and messages; one result per conversation, with the match marked",
    auth: "token",
    query: admin.ConversationSearchQuery,
    status: 200,
    response: admin.ConversationSearchResults,
    tag: "conversations",
  },
  renameConversation: {
    method: "PATCH",
    path: "/v1/conversations/:conversationId",
    summary: "Rename a conversation; answers it as it now stands",
    auth: "token",
    params: conversationParams,
    body: admin.RenameConversationRequest,
    status: 200,
    response: Conversation,
    tag: "conversations",
  },
  deleteConversation: {
    method: "DELETE",
    path: "/v1/conversations/:conversationId",
    summary:
      "Delete a conversation with its messages, runs and their events (CONFLICT while a run of it is active)",
    auth: "token",
    params: conversationParams,
    status: 204,
    response: null,
    tag: "conversations",
  },
  getConversation: {
    method: "GET",
    path: "/v1/conversations/:conversationId",
    summary: "A conversation with its messages and runs",
    auth: "token",
    params: conversationParams,
    status: 200,
    response: api.ConversationDetail,
    tag: "conversations",
  },
  sendMessage: {
    method: "POST",
    path: "/v1/conversations/:conversationId/messages",
    summary: "Send a message to the conversation's agent; answers the run it started",
    auth: "token",
    params: conversationParams,
    body: api.SendMessageRequest,
    status: 201,
    response: Run,
    tag: "conversations",
  },

  listRuns: {
    method: "GET",
    path: "/v1/runs",
    summary: "Runs, newest first",
    auth: "token",
    query: api.RunListQuery,
    status: 200,
    response: api.RunList,
    tag: "runs",
  },
  getRun: {
    method: "GET",
    path: "/v1/runs/:runId",
    summary: "A run with its plan and pending approvals",
    auth: "token",
    params: runParams,
    status: 200,
    response: api.RunDetail,
    tag: "runs",
  },
  listRunEvents: {
    method: "GET",
    path: "/v1/runs/:runId/events",
    summary: "A run's stored events after a seq (the stream replays the same)",
    auth: "token",
    params: runParams,
    query: api.RunEventListQuery,
    status: 200,
    response: api.RunEventList,
    tag: "runs",
  },
  decidePlan: {
    method: "POST",
    path: "/v1/runs/:runId/plan/decision",
    summary: "Approve, edit or reject the proposed plan",
    auth: "token",
    params: runParams,
    body: PlanDecision,
    status: 200,
    response: Plan,
    tag: "runs",
  },
  cancelRun: {
    method: "POST",
    path: "/v1/runs/:runId/cancel",
    summary: "Cancel a run; answers the run as it stands",
    auth: "token",
    params: runParams,
    status: 200,
    response: Run,
    tag: "runs",
  },
  decideApproval: {
    method: "POST",
    path: "/v1/approvals/:approvalId/decision",
    summary: "Approve or deny a paused tool call",
    auth: "token",
    params: approvalParams,
    body: ApprovalDecision,
    status: 204,
    response: null,
    tag: "runs",
  },
  listGrants: {
    method: "GET",
    path: "/v1/grants",
    summary: "Standing approval grants",
    auth: "token",
    query: api.GrantListQuery,
    status: 200,
    response: api.GrantList,
    tag: "runs",
  },
  revokeGrant: {
    method: "POST",
    path: "/v1/grants/revoke",
    summary: "Revoke a standing grant",
    auth: "token",
    body: api.RevokeGrantRequest,
    status: 204,
    response: null,
    tag: "runs",
  },

  startLogin: {
    method: "POST",
    path: "/v1/login",
    summary: "Start signing this gateway in (device authorization); answers the code to confirm",
    auth: "token",
    body: api.StartLoginRequest,
    status: 202,
    response: api.LoginStatus,
    tag: "gateway",
  },
  loginStatus: {
    method: "GET",
    path: "/v1/login",
    summary: "Where signing in stands",
    auth: "token",
    status: 200,
    response: api.LoginStatus,
    tag: "gateway",
  },
  checkLogin: {
    method: "POST",
    path: "/v1/login/check",
    summary:
      "Ask the Cloud now whether the pending sign-in was approved, instead of at the next poll (after approving it from this machine)",
    auth: "token",
    status: 200,
    response: api.LoginStatus,
    tag: "gateway",
  },
  logout: {
    method: "POST",
    path: "/v1/logout",
    summary: "Sign out: revoke this instance at the Cloud and delete the device credential",
    auth: "token",
    status: 200,
    response: api.LogoutResult,
    tag: "gateway",
  },

  user: {
    method: "GET",
    path: "/v1/user",
    summary: "Whether a user is signed in through this gateway, who, and their workspaces",
    auth: "token",
    status: 200,
    response: user.UserSession,
    tag: "user",
  },
  signInUser: {
    method: "POST",
    path: "/v1/user/sign-in",
    summary: "Sign a user in with email and password; the gateway keeps the session",
    auth: "token",
    body: user.UserSignInRequest,
    status: 200,
    response: user.SignedInUser,
    tag: "user",
  },
  signOutUser: {
    method: "POST",
    path: "/v1/user/sign-out",
    summary: "Sign the user out at the Cloud and delete the session from this machine",
    auth: "token",
    status: 200,
    response: user.UserSignOutResult,
    tag: "user",
  },
  signUpUser: {
    method: "POST",
    path: "/v1/user/sign-up",
    summary: "Create an account at the Cloud and sign in as it; the gateway keeps the session",
    auth: "token",
    body: user.UserSignUpRequest,
    status: 201,
    response: user.SignedInUser,
    tag: "user",
  },

  createAppCode: {
    method: "POST",
    path: "/v1/app/codes",
    summary: "A one-time code, and the link with it, that opens the App signed in to this gateway",
    auth: "token",
    status: 201,
    response: app.AppCode,
    tag: "app",
  },
  openAppSession: {
    method: "POST",
    path: "/v1/app/session",
    summary: "Exchange a one-time code for the App's session cookie (from the gateway's own origin only)",
    auth: "none",
    body: app.OpenAppSessionRequest,
    status: 200,
    response: app.AppSession,
    tag: "app",
  },
  closeAppSession: {
    method: "DELETE",
    path: "/v1/app/session",
    summary: "End the App's session and clear its cookie",
    auth: "token",
    status: 204,
    response: null,
    tag: "app",
  },

  updateStatus: {
    method: "GET",
    path: "/v1/updates",
    summary: "The installed version, the channel, and the last update check's outcome",
    auth: "token",
    status: 200,
    response: updates.UpdateStatus,
    tag: "updates",
  },
  checkForUpdates: {
    method: "POST",
    path: "/v1/updates/check",
    summary:
      "Check the update server now (row `updates`); answers the outcome, also kept for GET /v1/updates",
    auth: "token",
    status: 200,
    response: updates.UpdateCheckResult,
    tag: "updates",
  },

  linkPreview: {
    method: "GET",
    path: "/v1/link-previews",
    summary: "The title of a page linked in a chat message, fetched by the gateway (row link-preview)",
    auth: "token",
    query: preview.LinkPreviewQuery,
    status: 200,
    response: preview.LinkPreview,
    tag: "chat",
  },

  listConnections: {
    method: "GET",
    path: "/v1/connections",
    summary: "The connection inventory with each row's state, last use and bytes",
    auth: "token",
    status: 200,
    response: api.ConnectionList,
    tag: "connections",
  },
  connectionLog: {
    method: "GET",
    path: "/v1/connections/log",
    summary: "The newest connections from the ledger",
    auth: "token",
    query: api.ConnectionLogQuery,
    status: 200,
    response: api.ConnectionLog,
    tag: "connections",
  },
  blockConnection: {
    method: "POST",
    path: "/v1/connections/:rowId/block",
    summary: "Block a row: its connections are refused until unblocked",
    auth: "token",
    params: api.ConnectionRowParams,
    status: 200,
    response: api.ConnectionRow,
    tag: "connections",
  },
  unblockConnection: {
    method: "POST",
    path: "/v1/connections/:rowId/unblock",
    summary: "Unblock a row",
    auth: "token",
    params: api.ConnectionRowParams,
    status: 200,
    response: api.ConnectionRow,
    tag: "connections",
  },

  listSkills: {
    method: "GET",
    path: "/v1/skills",
    summary: "Imported skills with their state (review: held until a person approves)",
    auth: "token",
    status: 200,
    response: skills.SkillList,
    tag: "skills",
  },
  importSkill: {
    method: "POST",
    path: "/v1/skills",
    summary:
      "Import a SKILL.md skill from its files (sent in the body); scanned, held for review on a finding",
    auth: "token",
    body: skills.ImportSkillRequest,
    status: 201,
    response: skills.SkillDetail,
    tag: "skills",
  },
  getSkill: {
    method: "GET",
    path: "/v1/skills/:name",
    summary: "A skill's front matter, body, files and scan findings",
    auth: "token",
    params: skills.SkillParams,
    status: 200,
    response: skills.SkillDetail,
    tag: "skills",
  },
  approveSkill: {
    method: "POST",
    path: "/v1/skills/:name/approve",
    summary: "Approve a skill held for review after reading its findings; it is enabled",
    auth: "token",
    params: skills.SkillParams,
    status: 200,
    response: skills.SkillSummary,
    tag: "skills",
  },
  enableSkill: {
    method: "POST",
    path: "/v1/skills/:name/enable",
    summary: "Enable a disabled skill (one held for review needs approving instead)",
    auth: "token",
    params: skills.SkillParams,
    status: 200,
    response: skills.SkillSummary,
    tag: "skills",
  },
  disableSkill: {
    method: "POST",
    path: "/v1/skills/:name/disable",
    summary: "Disable a skill: no agent may use it until it is enabled again",
    auth: "token",
    params: skills.SkillParams,
    status: 200,
    response: skills.SkillSummary,
    tag: "skills",
  },
  removeSkill: {
    method: "DELETE",
    path: "/v1/skills/:name",
    summary: "Remove a skill: its files and its record",
    auth: "token",
    params: skills.SkillParams,
    status: 204,
    response: null,
    tag: "skills",
  },
});

export type GatewayRouteName = keyof typeof gatewayRoutes;

/**
 * The Cloud routes the gateway forwards under `GATEWAY_CLOUD_PREFIX` as the signed-in user: those a user calls.
 * Signing in, refreshing and signing out are not among them (they take no user token); the gateway's own
 * `/v1/user` routes do those.
 */
export const forwardedCloudRouteNames: readonly CloudRouteName[] = (
  Object.keys(cloudRoutes) as CloudRouteName[]
).filter((name) => cloudRoutes[name].auth === "user");
