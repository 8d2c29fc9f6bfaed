import { z } from "zod";
import * as agent from "./agent.schema.ts";
import * as auth from "./auth.schema.ts";
import { AgentId, InstanceId, InvitationId, Provider, TaskId, UserId, WorkspaceId } from "./common.schema.ts";
import * as config from "./config.schema.ts";
import * as device from "./device.schema.ts";
import { HealthResponse, ReadinessResponse } from "./health.schema.ts";
import * as instance from "./instance.schema.ts";
import * as keys from "./keys.schema.ts";
import * as progress from "./progress.schema.ts";
import * as task from "./task.schema.ts";
import * as workspace from "./workspace.schema.ts";

/**
 * Who may call a route: nobody in particular, a signed-in user (an app session or an instance acting for
 * its user), or only an instance signed in through device authorization.
 */
export type RouteAuth = "none" | "user" | "instance";

export interface RouteDefinition {
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  /** Hono-style path, `:name` for parameters. */
  path: string;
  summary: string;
  auth: RouteAuth;
  params?: z.ZodType;
  query?: z.ZodType;
  body?: z.ZodType;
  /** Success status and body; `null` body for 204. */
  status: 200 | 201 | 202 | 204;
  response: z.ZodType | null;
  idempotent?: boolean;
  rateLimited?: "sign-in" | "device";
  tag: string;
}

const ws = z.strictObject({ workspaceId: WorkspaceId });
const wsAgent = z.strictObject({ workspaceId: WorkspaceId, agentId: AgentId });
const wsTask = z.strictObject({ workspaceId: WorkspaceId, taskId: TaskId });
const wsUser = z.strictObject({ workspaceId: WorkspaceId, userId: UserId });
const wsInvitation = z.strictObject({ workspaceId: WorkspaceId, invitationId: InvitationId });
const wsInstance = z.strictObject({ workspaceId: WorkspaceId, instanceId: InstanceId });
const wsProvider = z.strictObject({ workspaceId: WorkspaceId, provider: Provider });

function define<const T extends Record<string, RouteDefinition>>(table: T): T {
  return table;
}

/**
 * Every Cloud HTTP route. The server registers handlers by these names and the OpenAPI document
 * (`GET /openapi.json`) is generated from this table, so the two cannot drift.
 */
export const cloudRoutes = define({
  health: {
    method: "GET",
    path: "/healthz",
    summary: "Liveness",
    auth: "none",
    status: 200,
    response: HealthResponse,
    tag: "ops",
  },
  ready: {
    method: "GET",
    path: "/readyz",
    summary: "Readiness: database and fan-out reachable",
    auth: "none",
    status: 200,
    response: ReadinessResponse,
    tag: "ops",
  },

  signUp: {
    method: "POST",
    path: "/v1/auth/sign-up",
    summary: "Create an account and a personal workspace",
    auth: "none",
    body: auth.SignUpRequest,
    status: 201,
    response: auth.SignInResponse,
    rateLimited: "sign-in",
    tag: "auth",
  },
  signIn: {
    method: "POST",
    path: "/v1/auth/sign-in",
    summary: "Sign in with email and password",
    auth: "none",
    body: auth.SignInRequest,
    status: 200,
    response: auth.SignInResponse,
    rateLimited: "sign-in",
    tag: "auth",
  },
  refresh: {
    method: "POST",
    path: "/v1/auth/refresh",
    summary: "Rotate a refresh token for new tokens",
    auth: "none",
    body: auth.RefreshRequest,
    status: 200,
    response: auth.RefreshResponse,
    rateLimited: "sign-in",
    tag: "auth",
  },
  signOut: {
    method: "POST",
    path: "/v1/auth/sign-out",
    summary: "Revoke a session (its refresh token family)",
    auth: "none",
    body: auth.SignOutRequest,
    status: 204,
    response: null,
    tag: "auth",
  },
  me: {
    method: "GET",
    path: "/v1/me",
    summary: "The signed-in user",
    auth: "user",
    status: 200,
    response: auth.MeResponse,
    tag: "auth",
  },

  deviceCode: {
    method: "POST",
    path: "/v1/device/code",
    summary: "Start device authorization",
    auth: "none",
    body: device.DeviceCodeRequest,
    status: 200,
    response: device.DeviceCodeResponse,
    rateLimited: "device",
    tag: "device",
  },
  deviceToken: {
    method: "POST",
    path: "/v1/device/token",
    summary: "Poll for the device credential",
    auth: "none",
    body: device.DeviceTokenRequest,
    status: 200,
    response: device.DeviceTokenResponse,
    rateLimited: "device",
    tag: "device",
  },
  deviceLookup: {
    method: "GET",
    path: "/v1/device/requests/:userCode",
    summary: "What a user code would approve",
    auth: "user",
    params: z.strictObject({ userCode: z.string().max(16) }),
    status: 200,
    response: device.DeviceLookupResponse,
    rateLimited: "device",
    tag: "device",
  },
  deviceApprove: {
    method: "POST",
    path: "/v1/device/approve",
    summary: "Approve or deny a device",
    auth: "user",
    body: device.DeviceApproveRequest,
    status: 204,
    response: null,
    rateLimited: "device",
    tag: "device",
  },

  listWorkspaces: {
    method: "GET",
    path: "/v1/workspaces",
    summary: "Workspaces of the caller",
    auth: "user",
    status: 200,
    response: workspace.WorkspaceList,
    tag: "workspaces",
  },
  createWorkspace: {
    method: "POST",
    path: "/v1/workspaces",
    summary: "Create a workspace",
    auth: "user",
    body: workspace.CreateWorkspaceRequest,
    status: 201,
    response: workspace.Workspace,
    tag: "workspaces",
  },
  getWorkspace: {
    method: "GET",
    path: "/v1/workspaces/:workspaceId",
    summary: "One workspace",
    auth: "user",
    params: ws,
    status: 200,
    response: workspace.Workspace,
    tag: "workspaces",
  },
  renameWorkspace: {
    method: "PATCH",
    path: "/v1/workspaces/:workspaceId",
    summary: "Rename (owner or admin)",
    auth: "user",
    params: ws,
    body: workspace.RenameWorkspaceRequest,
    status: 200,
    response: workspace.Workspace,
    tag: "workspaces",
  },
  listMembers: {
    method: "GET",
    path: "/v1/workspaces/:workspaceId/members",
    summary: "Members",
    auth: "user",
    params: ws,
    status: 200,
    response: workspace.MemberList,
    tag: "workspaces",
  },
  changeRole: {
    method: "PATCH",
    path: "/v1/workspaces/:workspaceId/members/:userId",
    summary: "Change a member's role",
    auth: "user",
    params: wsUser,
    body: workspace.ChangeRoleRequest,
    status: 200,
    response: workspace.Member,
    tag: "workspaces",
  },
  removeMember: {
    method: "DELETE",
    path: "/v1/workspaces/:workspaceId/members/:userId",
    summary: "Remove a member (or leave)",
    auth: "user",
    params: wsUser,
    status: 204,
    response: null,
    tag: "workspaces",
  },
  createInvitation: {
    method: "POST",
    path: "/v1/workspaces/:workspaceId/invitations",
    summary: "Create an invitation link",
    auth: "user",
    params: ws,
    body: workspace.CreateInvitationRequest,
    status: 201,
    response: workspace.CreatedInvitation,
    tag: "workspaces",
  },
  listInvitations: {
    method: "GET",
    path: "/v1/workspaces/:workspaceId/invitations",
    summary: "Invitations",
    auth: "user",
    params: ws,
    status: 200,
    response: workspace.InvitationList,
    tag: "workspaces",
  },
  revokeInvitation: {
    method: "DELETE",
    path: "/v1/workspaces/:workspaceId/invitations/:invitationId",
    summary: "Revoke an invitation",
    auth: "user",
    params: wsInvitation,
    status: 204,
    response: null,
    tag: "workspaces",
  },
  previewInvitation: {
    method: "POST",
    path: "/v1/invitations/preview",
    summary: "What an invitation link is for",
    auth: "user",
    body: workspace.AcceptInvitationRequest,
    status: 200,
    response: workspace.InvitationPreview,
    tag: "workspaces",
  },
  acceptInvitation: {
    method: "POST",
    path: "/v1/invitations/accept",
    summary: "Join through an invitation",
    auth: "user",
    body: workspace.AcceptInvitationRequest,
    status: 200,
    response: workspace.AcceptInvitationResponse,
    tag: "workspaces",
  },

  listAgents: {
    method: "GET",
    path: "/v1/workspaces/:workspaceId/agents",
    summary: "Agents",
    auth: "user",
    params: ws,
    status: 200,
    response: agent.AgentList,
    tag: "agents",
  },
  createAgent: {
    method: "POST",
    path: "/v1/workspaces/:workspaceId/agents",
    summary: "Create an agent (owner or admin)",
    auth: "user",
    params: ws,
    body: agent.CreateAgentRequest,
    status: 201,
    response: agent.Agent,
    idempotent: true,
    tag: "agents",
  },
  getAgent: {
    method: "GET",
    path: "/v1/workspaces/:workspaceId/agents/:agentId",
    summary: "One agent",
    auth: "user",
    params: wsAgent,
    status: 200,
    response: agent.Agent,
    tag: "agents",
  },
  updateAgent: {
    method: "PATCH",
    path: "/v1/workspaces/:workspaceId/agents/:agentId",
    summary: "Change an agent's settings (owner or admin)",
    auth: "user",
    params: wsAgent,
    body: agent.UpdateAgentRequest,
    status: 200,
    response: agent.Agent,
    tag: "agents",
  },
  deleteAgent: {
    method: "DELETE",
    path: "/v1/workspaces/:workspaceId/agents/:agentId",
    summary: "Delete an agent (owner or admin)",
    auth: "user",
    params: wsAgent,
    status: 204,
    response: null,
    tag: "agents",
  },

  listProviderKeys: {
    method: "GET",
    path: "/v1/workspaces/:workspaceId/provider-keys",
    summary: "Configured providers (never the keys)",
    auth: "user",
    params: ws,
    status: 200,
    response: keys.ProviderKeyList,
    tag: "keys",
  },
  putProviderKey: {
    method: "PUT",
    path: "/v1/workspaces/:workspaceId/provider-keys/:provider",
    summary: "Set a provider key (owner or admin)",
    auth: "user",
    params: wsProvider,
    body: keys.PutProviderKeyRequest,
    status: 200,
    response: keys.ProviderKeySummary,
    tag: "keys",
  },
  deleteProviderKey: {
    method: "DELETE",
    path: "/v1/workspaces/:workspaceId/provider-keys/:provider",
    summary: "Remove a provider key (owner or admin)",
    auth: "user",
    params: wsProvider,
    status: 204,
    response: null,
    tag: "keys",
  },

  configSnapshot: {
    method: "GET",
    path: "/v1/workspaces/:workspaceId/config",
    summary: "Config snapshot for this instance (ETag; 304 when unchanged)",
    auth: "instance",
    params: ws,
    status: 200,
    response: config.ConfigSnapshot,
    tag: "sync",
  },
  configDelta: {
    method: "GET",
    path: "/v1/workspaces/:workspaceId/config/delta",
    summary: "What changed since a revision",
    auth: "instance",
    params: ws,
    query: config.ConfigDeltaQuery,
    status: 200,
    response: config.ConfigDelta,
    tag: "sync",
  },

  listTasks: {
    method: "GET",
    path: "/v1/workspaces/:workspaceId/tasks",
    summary: "Tasks, newest first",
    auth: "user",
    params: ws,
    query: task.TaskListQuery,
    status: 200,
    response: task.TaskList,
    tag: "tasks",
  },
  createTask: {
    method: "POST",
    path: "/v1/workspaces/:workspaceId/tasks",
    summary: "Create a task (Idempotency-Key required)",
    auth: "user",
    params: ws,
    body: task.CreateTaskRequest,
    status: 201,
    response: task.Task,
    idempotent: true,
    tag: "tasks",
  },
  getTask: {
    method: "GET",
    path: "/v1/workspaces/:workspaceId/tasks/:taskId",
    summary: "One task",
    auth: "user",
    params: wsTask,
    status: 200,
    response: task.Task,
    tag: "tasks",
  },
  assignTask: {
    method: "POST",
    path: "/v1/workspaces/:workspaceId/tasks/:taskId/assign",
    summary: "Assign a task to an agent",
    auth: "user",
    params: wsTask,
    body: task.AssignTaskRequest,
    status: 200,
    response: task.Task,
    idempotent: true,
    tag: "tasks",
  },
  transitionTask: {
    method: "POST",
    path: "/v1/workspaces/:workspaceId/tasks/:taskId/transitions",
    summary: "Move a task to another state (Idempotency-Key required)",
    auth: "user",
    params: wsTask,
    body: task.TransitionTaskRequest,
    status: 200,
    response: task.Task,
    idempotent: true,
    tag: "tasks",
  },

  listInstances: {
    method: "GET",
    path: "/v1/workspaces/:workspaceId/instances",
    summary: "Instances and their presence",
    auth: "user",
    params: ws,
    status: 200,
    response: instance.InstanceList,
    tag: "instances",
  },
  heartbeat: {
    method: "POST",
    path: "/v1/workspaces/:workspaceId/instances/:instanceId/heartbeat",
    summary: "An instance is alive",
    auth: "instance",
    params: wsInstance,
    body: instance.HeartbeatRequest,
    status: 200,
    response: instance.HeartbeatResponse,
    tag: "instances",
  },
  revokeInstance: {
    method: "DELETE",
    path: "/v1/workspaces/:workspaceId/instances/:instanceId",
    summary: "Revoke an instance's device credential",
    auth: "user",
    params: wsInstance,
    status: 204,
    response: null,
    tag: "instances",
  },

  authorizeProgressChannel: {
    method: "POST",
    path: "/v1/progress/channel-auth",
    summary: "Sign a Pusher subscription to the caller's own progress channel",
    auth: "user",
    body: progress.ProgressChannelAuthRequest,
    status: 200,
    response: progress.ProgressChannelAuthResponse,
    tag: "progress",
  },
});

export type CloudRouteName = keyof typeof cloudRoutes;
