export {
  Agent,
  AgentList,
  CreateAgentRequest,
  McpHttpServer,
  McpServerConfig,
  McpServerName,
  McpServers,
  McpStdioServer,
  ToolPolicy,
  UpdateAgentRequest,
} from "./agent.schema.ts";
export {
  MeResponse,
  Password,
  RefreshRequest,
  RefreshResponse,
  SessionTokens,
  SignInRequest,
  SignInResponse,
  SignOutRequest,
  SignUpRequest,
  User,
} from "./auth.schema.ts";
export {
  AgentId,
  DisplayName,
  Email,
  IDEMPOTENCY_HEADER,
  IdempotencyKey,
  InstanceId,
  InvitationId,
  idPrefixes,
  Provider,
  Role,
  TaskId,
  Timestamp,
  UserId,
  WorkspaceId,
} from "./common.schema.ts";
export { ConfigDelta, ConfigDeltaQuery, ConfigSnapshot, SyncedProviderKey } from "./config.schema.ts";
export {
  DeviceApproveRequest,
  DeviceCodeRequest,
  DeviceCodeResponse,
  DeviceLookupResponse,
  DeviceTokenRequest,
  DeviceTokenResponse,
  Platform,
} from "./device.schema.ts";
export {
  type ErrorCode,
  ErrorCodeSchema,
  errorCodes,
  eventCloseCodes,
  PROBLEM_CONTENT_TYPE,
  type Problem,
  ProblemSchema,
  problemType,
} from "./errors.ts";
export {
  ClientFrame,
  ConfigChangedEvent,
  ErrorFrame,
  EVENTS_PATH,
  EventFrame,
  HelloFrame,
  InstancePresenceEvent,
  MembershipChangedEvent,
  PingFrame,
  PongFrame,
  ResyncFrame,
  ServerFrame,
  TaskAssignedEvent,
  TaskUpdatedEvent,
  WelcomeFrame,
  WorkspaceEvent,
  type WorkspaceEventName,
} from "./events.schema.ts";
export { HealthResponse, ReadinessResponse } from "./health.schema.ts";
export { HeartbeatRequest, HeartbeatResponse, Instance, InstanceList, Presence } from "./instance.schema.ts";
export { ProviderKeyList, ProviderKeySummary, PutProviderKeyRequest } from "./keys.schema.ts";
export { buildOpenApiDocument } from "./openapi.ts";
export { type CloudRouteName, cloudRoutes, type RouteAuth, type RouteDefinition } from "./routes.ts";
export {
  AssignTaskRequest,
  CreateTaskRequest,
  canTransition,
  Task,
  TaskFailureCode,
  TaskList,
  TaskListQuery,
  TaskState,
  TransitionTaskRequest,
  taskTransitions,
} from "./task.schema.ts";
export { PROTOCOL_HEADER, PROTOCOL_VERSION, SUPPORTED_PROTOCOL_VERSIONS } from "./version.ts";
export {
  AcceptInvitationRequest,
  AcceptInvitationResponse,
  ChangeRoleRequest,
  CreatedInvitation,
  CreateInvitationRequest,
  CreateWorkspaceRequest,
  Invitation,
  InvitationList,
  InvitationPreview,
  Member,
  MemberList,
  RenameWorkspaceRequest,
  Workspace,
  WorkspaceList,
} from "./workspace.schema.ts";
