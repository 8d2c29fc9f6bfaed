import {
  type AgentSummaryList,
  type AnswerParse,
  type AppCode,
  type ApprovalDecision,
  type AppSession,
  type ConnectionList,
  type ConnectionLog,
  type ConnectionRow,
  type Conversation,
  type ConversationDetail,
  type ConversationList,
  type ConversationSearchResults,
  type CreateConversationRequest,
  GATEWAY_STREAM_PATH,
  type GatewayHealth,
  type GatewayRouteDefinition,
  type GatewayRouteName,
  type GatewayStatus,
  type GrantList,
  gatewayRoutes,
  type ImportSkillRequest,
  type LinkPreview,
  type LoginStatus,
  type LogoutResult,
  type McpServerStatus,
  type OpenAppSessionRequest,
  type OpenWebSocket,
  type Plan,
  type PlanDecision,
  prepareRouteRequest,
  type RenameConversationRequest,
  type RevokeGrantRequest,
  type RouteRequestParts,
  type Run,
  type RunDetail,
  type RunEventList,
  type RunList,
  readRouteAnswer,
  type SendMessageRequest,
  type SignedInUser,
  type SkillDetail,
  type SkillList,
  type SkillSummary,
  type StartLoginRequest,
  type UpdateCheckResult,
  type UpdateStatus,
  type UserSession,
  type UserSignInRequest,
  type UserSignOutResult,
  type UserSignUpRequest,
} from "@multiclaw/protocol";
import type { z } from "zod";
import { errorFromResponse, GatewayApiError } from "./gateway-api-error.ts";
import type { CallArgs, CallOptions, RouteResponse } from "./route-types.ts";
import {
  type RunEventSubscription,
  type RunEventSubscriptionOptions,
  subscribeRunEvents,
} from "./run-event-subscription.ts";
import {
  subscribeWorkspaceEvents,
  type WorkspaceEventSubscription,
  type WorkspaceEventSubscriptionOptions,
} from "./workspace-event-subscription.ts";

/** The `fetch` the client uses: the platform's, passed in so the client stays free of any runtime. */
export type FetchFunction = (url: string, init: RequestInit) => Promise<Response>;

export interface GatewayClientOptions {
  /** The local API's origin, `http://127.0.0.1:4801` by default setup. */
  baseUrl: string;
  /**
   * The token from the gateway's token file. Without it only the health check and the App's code exchange
   * work — unless the client runs in the App's page, whose session cookie the browser sends itself.
   */
  token?: string;
  fetch: FetchFunction;
  /** Needed only for the subscriptions: `(url) => new WebSocket(url)`. */
  openWebSocket?: OpenWebSocket;
  /** How long one request may take before it fails with UNAVAILABLE; 30 s by default. */
  timeoutMs?: number;
  /**
   * How answers are checked against their schemas: `schema.safeParse` by default; on a page,
   * `safeParseInSlices`, so a long conversation is not parsed in one long task.
   */
  parseAnswer?: AnswerParse;
}

/**
 * A typed client of the gateway's local API: a method per route of the protocol's gateway route table (and
 * `call` for any of them by name). Inputs are checked with the route's schemas before sending, answers are
 * parsed with its response schema, and every failure is a `GatewayApiError` with a stable code.
 *
 * @example
 * const gateway = createGatewayClient({ baseUrl: "http://127.0.0.1:4801", token, fetch });
 * const run = await gateway.createConversation({ agentId, text: "Summarise the README" });
 * const events = gateway.subscribeRunEvents({ subscribe: [run.id], onEvent: (event) => show(event) });
 */
export interface GatewayClient {
  readonly baseUrl: string;
  call<N extends GatewayRouteName>(name: N, ...args: CallArgs<N>): Promise<RouteResponse<N>>;

  health(options?: CallOptions): Promise<GatewayHealth>;
  status(options?: CallOptions): Promise<GatewayStatus>;
  listAgents(options?: CallOptions): Promise<AgentSummaryList>;
  /**
   * Stops and starts one MCP server of an agent; resolves with its status once it is up or has failed
   * (NOT_FOUND when the agent has no server of that name). A slow server can take its whole start timeout.
   */
  restartMcpServer(agentId: string, name: string, options?: CallOptions): Promise<McpServerStatus>;

  listConversations(
    query?: { agentId?: string; limit?: number },
    options?: CallOptions,
  ): Promise<ConversationList>;
  /** Starts a conversation with its first message; resolves with the run that message started. */
  createConversation(body: z.input<typeof CreateConversationRequest>, options?: CallOptions): Promise<Run>;
  getConversation(conversationId: string, options?: CallOptions): Promise<ConversationDetail>;
  /**
   * Full-text search over titles and message text: one result per conversation, newest first, with a snippet
   * whose `highlights` are ranges of its text (no markup).
   */
  searchConversations(
    query: { q: string; limit?: number },
    options?: CallOptions,
  ): Promise<ConversationSearchResults>;
  renameConversation(
    conversationId: string,
    body: z.input<typeof RenameConversationRequest>,
    options?: CallOptions,
  ): Promise<Conversation>;
  /** Deletes it with its messages and runs; CONFLICT while one of its runs is active. */
  deleteConversation(conversationId: string, options?: CallOptions): Promise<void>;
  /** Sends a message to the conversation's agent; resolves with the run it started. */
  sendMessage(
    conversationId: string,
    body: z.input<typeof SendMessageRequest>,
    options?: CallOptions,
  ): Promise<Run>;

  listRuns(
    query?: { conversationId?: string; active?: boolean; limit?: number },
    options?: CallOptions,
  ): Promise<RunList>;
  getRun(runId: string, options?: CallOptions): Promise<RunDetail>;
  listRunEvents(
    runId: string,
    query?: { after?: number; limit?: number },
    options?: CallOptions,
  ): Promise<RunEventList>;
  decidePlan(runId: string, decision: z.input<typeof PlanDecision>, options?: CallOptions): Promise<Plan>;
  cancelRun(runId: string, options?: CallOptions): Promise<Run>;
  decideApproval(
    approvalId: string,
    decision: z.input<typeof ApprovalDecision>,
    options?: CallOptions,
  ): Promise<void>;
  listGrants(query?: { agentId?: string; runId?: string }, options?: CallOptions): Promise<GrantList>;
  revokeGrant(grant: z.input<typeof RevokeGrantRequest>, options?: CallOptions): Promise<void>;

  /** Starts signing the gateway in; answers the code to confirm in a browser. */
  startLogin(body?: z.input<typeof StartLoginRequest>, options?: CallOptions): Promise<LoginStatus>;
  loginStatus(options?: CallOptions): Promise<LoginStatus>;
  /** Has the gateway ask the Cloud at once whether its pending sign-in was approved (after approving it here). */
  checkLogin(options?: CallOptions): Promise<LoginStatus>;
  logout(options?: CallOptions): Promise<LogoutResult>;

  /** Whether a user is signed in through the gateway (apart from its device credential), and who. */
  user(options?: CallOptions): Promise<UserSession>;
  /**
   * Signs a user in with email and password; the gateway keeps the session, the caller never sees its tokens.
   * The Cloud's refusal comes as a GatewayApiError with its code (AUTH_INVALID, RATE_LIMITED…).
   */
  signInUser(body: z.input<typeof UserSignInRequest>, options?: CallOptions): Promise<SignedInUser>;
  /** Creates an account at the Cloud and keeps its session, as signing in does (EMAIL_TAKEN when it exists). */
  signUpUser(body: z.input<typeof UserSignUpRequest>, options?: CallOptions): Promise<SignedInUser>;
  /** Signs the user out at the Cloud and deletes the session (on this machine even when the Cloud is away). */
  signOutUser(options?: CallOptions): Promise<UserSignOutResult>;

  /**
   * The title of a page a chat message links to, fetched by the gateway under its `link-preview` row; a link
   * with no preview (a private host, a blocked row, none found) answers `unavailable` with the reason.
   */
  linkPreview(url: string, options?: CallOptions): Promise<LinkPreview>;

  /** The installed version and the last update check's result (none yet while the first runs). */
  updateStatus(options?: CallOptions): Promise<UpdateStatus>;
  /** Checks for an update now: the gateway fetches and verifies the signed manifest under the `updates` row. */
  checkForUpdates(options?: CallOptions): Promise<UpdateCheckResult>;

  /** A one-time code, and the link with it, that opens the App signed in (`multiclaw app`; needs the token). */
  createAppCode(options?: CallOptions): Promise<AppCode>;
  /**
   * Exchanges a one-time code for the App's session cookie. Only the gateway's own page may: the browser sets
   * the HttpOnly cookie from the answer, and every later call of that page carries it.
   */
  openAppSession(body: z.input<typeof OpenAppSessionRequest>, options?: CallOptions): Promise<AppSession>;
  /** Ends the App's session and clears its cookie. */
  closeAppSession(options?: CallOptions): Promise<void>;

  listConnections(options?: CallOptions): Promise<ConnectionList>;
  connectionLog(query?: { limit?: number }, options?: CallOptions): Promise<ConnectionLog>;
  blockConnection(rowId: string, options?: CallOptions): Promise<ConnectionRow>;
  unblockConnection(rowId: string, options?: CallOptions): Promise<ConnectionRow>;

  /** Imported skills by name, with their state (`review`: held until a person approves). */
  listSkills(options?: CallOptions): Promise<SkillList>;
  /** A skill's front matter, body, file list and scan findings. */
  getSkill(name: string, options?: CallOptions): Promise<SkillDetail>;
  /**
   * Imports a skill from its files (read by the caller; the gateway opens no path it is given). SKILL_INVALID
   * or SKILL_TOO_LARGE say what is wrong and where; a skill the scan flags comes back in `review`.
   */
  importSkill(body: z.input<typeof ImportSkillRequest>, options?: CallOptions): Promise<SkillDetail>;
  approveSkill(name: string, options?: CallOptions): Promise<SkillSummary>;
  enableSkill(name: string, options?: CallOptions): Promise<SkillSummary>;
  disableSkill(name: string, options?: CallOptions): Promise<SkillSummary>;
  removeSkill(name: string, options?: CallOptions): Promise<void>;

  /** Streams run events over the WebSocket, reconnecting and resuming from the last `seq` of each run. */
  subscribeRunEvents(options: RunEventSubscriptionOptions): RunEventSubscription;
  /**
   * Streams the task events of the workspace the gateway is signed in to, as its Cloud link hears them;
   * reconnects with backoff and asks for a resync after every drop.
   */
  subscribeWorkspaceEvents(options: WorkspaceEventSubscriptionOptions): WorkspaceEventSubscription;
}

const DEFAULT_TIMEOUT_MS = 30_000;

function requestSignal(timeoutMs: number, signal: AbortSignal | undefined): AbortSignal {
  const timeout = AbortSignal.timeout(timeoutMs);
  return signal ? AbortSignal.any([signal, timeout]) : timeout;
}

async function readAnswer(
  name: string,
  route: GatewayRouteDefinition,
  response: Response,
  parse: AnswerParse | undefined,
): Promise<unknown> {
  const answer = await readRouteAnswer(route, response, parse);
  if (answer.ok) return answer.value;
  throw new GatewayApiError("INTERNAL", `${name}: the gateway's ${answer.problem}`, {
    status: response.status,
    cause: answer.cause,
  });
}

/** Drops undefined query fields, so an omitted filter is not sent as the text "undefined". */
function defined<T extends Record<string, unknown>>(query: T | undefined): Partial<T> {
  return Object.fromEntries(
    Object.entries(query ?? {}).filter(([, value]) => value !== undefined),
  ) as Partial<T>;
}

export function createGatewayClient(options: GatewayClientOptions): GatewayClient {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;

  async function send(name: GatewayRouteName, parts: RouteRequestParts & CallOptions): Promise<unknown> {
    const route: GatewayRouteDefinition = gatewayRoutes[name];
    const prepared = prepareRouteRequest(options.baseUrl, name, route, parts);
    if (!prepared.ok) {
      throw new GatewayApiError("VALIDATION_FAILED", prepared.message, {
        fieldProblems: prepared.fieldProblems,
      });
    }
    const { request } = prepared;
    // The token goes only to routes that need it: the health check probes a port that may not be the gateway's.
    const headers =
      options.token !== undefined && route.auth === "token"
        ? { ...request.headers, authorization: `Bearer ${options.token}` }
        : request.headers;
    let response: Response;
    try {
      response = await options.fetch(request.url, {
        method: request.method,
        headers,
        ...(request.body === undefined ? {} : { body: request.body }),
        signal: requestSignal(timeoutMs, parts.signal),
      });
    } catch (error) {
      throw new GatewayApiError(
        "UNAVAILABLE",
        `${name}: no gateway answers at ${options.baseUrl} (is it running? \`multiclaw gateway start\`)`,
        { cause: error },
      );
    }
    if (response.status !== route.status) throw await errorFromResponse(name, response);
    return readAnswer(name, route, response, options.parseAnswer);
  }

  const call = (<N extends GatewayRouteName>(name: N, ...args: CallArgs<N>) =>
    send(name, (args[0] ?? {}) as RouteRequestParts & CallOptions)) as GatewayClient["call"];

  return {
    baseUrl: options.baseUrl,
    call,
    health: (callOptions) => call("health", { ...callOptions }),
    status: (callOptions) => call("status", { ...callOptions }),
    listAgents: (callOptions) => call("listAgents", { ...callOptions }),
    restartMcpServer: (agentId, name, callOptions) =>
      call("restartMcpServer", { params: { agentId, name }, ...callOptions }),
    listConversations: (query, callOptions) =>
      call("listConversations", { query: defined(query), ...callOptions }),
    createConversation: (body, callOptions) => call("createConversation", { body, ...callOptions }),
    getConversation: (conversationId, callOptions) =>
      call("getConversation", { params: { conversationId }, ...callOptions }),
    sendMessage: (conversationId, body, callOptions) =>
      call("sendMessage", { params: { conversationId }, body, ...callOptions }),
    searchConversations: (query, callOptions) =>
      call("searchConversations", { query: { ...defined(query), q: query.q }, ...callOptions }),
    renameConversation: (conversationId, body, callOptions) =>
      call("renameConversation", { params: { conversationId }, body, ...callOptions }),
    deleteConversation: (conversationId, callOptions) =>
      call("deleteConversation", { params: { conversationId }, ...callOptions }),
    listRuns: (query, callOptions) => {
      const { active, ...rest } = query ?? {};
      return call("listRuns", {
        query: { ...defined(rest), ...(active === undefined ? {} : { active: active ? "true" : "false" }) },
        ...callOptions,
      });
    },
    getRun: (runId, callOptions) => call("getRun", { params: { runId }, ...callOptions }),
    listRunEvents: (runId, query, callOptions) =>
      call("listRunEvents", { params: { runId }, query: defined(query), ...callOptions }),
    decidePlan: (runId, decision, callOptions) =>
      call("decidePlan", { params: { runId }, body: decision, ...callOptions }),
    cancelRun: (runId, callOptions) => call("cancelRun", { params: { runId }, ...callOptions }),
    decideApproval: (approvalId, decision, callOptions) =>
      call("decideApproval", { params: { approvalId }, body: decision, ...callOptions }),
    listGrants: (query, callOptions) => call("listGrants", { query: defined(query), ...callOptions }),
    revokeGrant: (grant, callOptions) => call("revokeGrant", { body: grant, ...callOptions }),
    startLogin: (body, callOptions) => call("startLogin", { body: body ?? {}, ...callOptions }),
    loginStatus: (callOptions) => call("loginStatus", { ...callOptions }),
    checkLogin: (callOptions) => call("checkLogin", { ...callOptions }),
    logout: (callOptions) => call("logout", { ...callOptions }),
    user: (callOptions) => call("user", { ...callOptions }),
    signInUser: (body, callOptions) => call("signInUser", { body, ...callOptions }),
    signUpUser: (body, callOptions) => call("signUpUser", { body, ...callOptions }),
    signOutUser: (callOptions) => call("signOutUser", { ...callOptions }),
    linkPreview: (url, callOptions) => call("linkPreview", { query: { url }, ...callOptions }),
    updateStatus: (callOptions) => call("updateStatus", { ...callOptions }),
    checkForUpdates: (callOptions) => call("checkForUpdates", { ...callOptions }),
    createAppCode: (callOptions) => call("createAppCode", { ...callOptions }),
    openAppSession: (body, callOptions) => call("openAppSession", { body, ...callOptions }),
    closeAppSession: (callOptions) => call("closeAppSession", { ...callOptions }),
    listConnections: (callOptions) => call("listConnections", { ...callOptions }),
    connectionLog: (query, callOptions) => call("connectionLog", { query: defined(query), ...callOptions }),
    blockConnection: (rowId, callOptions) => call("blockConnection", { params: { rowId }, ...callOptions }),
    unblockConnection: (rowId, callOptions) =>
      call("unblockConnection", { params: { rowId }, ...callOptions }),
    listSkills: (callOptions) => call("listSkills", { ...callOptions }),
    getSkill: (name, callOptions) => call("getSkill", { params: { name }, ...callOptions }),
    importSkill: (body, callOptions) => call("importSkill", { body, ...callOptions }),
    approveSkill: (name, callOptions) => call("approveSkill", { params: { name }, ...callOptions }),
    enableSkill: (name, callOptions) => call("enableSkill", { params: { name }, ...callOptions }),
    disableSkill: (name, callOptions) => call("disableSkill", { params: { name }, ...callOptions }),
    removeSkill: (name, callOptions) => call("removeSkill", { params: { name }, ...callOptions }),
    subscribeRunEvents(subscription) {
      if (!options.openWebSocket) {
        throw new GatewayApiError(
          "BAD_REQUEST",
          "subscribeRunEvents needs `openWebSocket` in the client's options",
        );
      }
      return subscribeRunEvents({
        url: streamUrlOf(options.baseUrl),
        ...(options.token === undefined ? {} : { token: options.token }),
        openWebSocket: options.openWebSocket,
        ...subscription,
      });
    },
    subscribeWorkspaceEvents(subscription) {
      if (!options.openWebSocket) {
        throw new GatewayApiError(
          "BAD_REQUEST",
          "subscribeWorkspaceEvents needs `openWebSocket` in the client's options",
        );
      }
      return subscribeWorkspaceEvents({
        url: streamUrlOf(options.baseUrl),
        ...(options.token === undefined ? {} : { token: options.token }),
        openWebSocket: options.openWebSocket,
        ...subscription,
      });
    },
  };
}

/** `http://127.0.0.1:4801` → `ws://127.0.0.1:4801/v1/stream`. */
function streamUrlOf(baseUrl: string): string {
  const url = new URL(GATEWAY_STREAM_PATH, baseUrl);
  url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
  return url.toString();
}
