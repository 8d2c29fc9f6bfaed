import { hostname } from "node:os";
import { join } from "node:path";
import {
  type AgentEngine,
  createAgentEngine,
  createModelResolver,
  type EngineLimits,
  type McpHostOptions,
} from "@multiclaw/agent";
import type { ProviderName } from "@multiclaw/egress";
import { createDispatchFetch } from "@multiclaw/egress/node";
import { type Agent, EVENTS_PATH, idPrefixes } from "@multiclaw/protocol";
import pino, { type Logger } from "pino";
import { monotonicFactory } from "ulid";
import { createAgentTools } from "./agents/agent-tools.ts";
import { readApprovalExpiryMs } from "./agents/approval-settings.ts";
import { createTaskAssignments } from "./assignments/task-assignments.ts";
import { agentWebSocket, type CloudLinkSettings, dispatcherFetch } from "./cloud-link/index.ts";
import { createCredentialStore, createUserSessionStore, userSessionPath } from "./credentials/index.ts";
import { createApprovalConnections } from "./egress/approval-connections.ts";
import { createBlockedRows } from "./egress/blocked-rows.ts";
import { createCauseScopes } from "./egress/cause-scopes.ts";
import { createGatewayEgress, type GatewayEgress } from "./egress/gateway-egress.ts";
import { readFaviconEndpoint } from "./favicons/favicon-settings.ts";
import { createGatewayFavicons } from "./favicons/gateway-favicons.ts";
import { createGatewayLinkPreviews } from "./link-previews/gateway-link-previews.ts";
import { linkPreviewsOff, readLinkPreviewSettings } from "./link-previews/link-preview-settings.ts";
import { createConnectionControl, type RunningLocalApi, startLocalApi } from "./local-api/index.ts";
import { sessionWorkspaceFeed } from "./local-api/session-workspace-feed.ts";
import { followShownWorkspace } from "./local-api/shown-workspace-feed.ts";
import { type GatewayPaths, gatewayPaths } from "./paths.ts";
import { pooledRandom } from "./pooled-random.ts";
import { createGatewaySession, type GatewaySession } from "./session/gateway-session.ts";
import { createUserSession, type UserSession } from "./session/user-session.ts";
import { followUserWorkspaceEvents } from "./session/user-workspace-events.ts";
import { createSkillLibrary } from "./skills/skill-library.ts";
import { openGatewayStore } from "./store/gateway-store.ts";
import { createKeyValueState, createStateAdapter } from "./store/state-adapters.ts";
import { createGatewayUpdates } from "./updates/gateway-updates.ts";
import { resolveUpdateSettings } from "./updates/update-settings.ts";
import { GATEWAY_VERSION } from "./version.ts";

/*
 * The gateway, composed: the local store, the egress guard (installed before anything connects), the Cloud
 * session, each agent's tools, the agent engine, assignments from the Cloud, and the local API. Everything is
 * created here and handed down; nothing below reaches for a global.
 */

export interface GatewayOptions {
  env?: NodeJS.ProcessEnv;
  paths?: GatewayPaths;
  /** The local API port (`MULTICLAW_GATEWAY_PORT`, 4801 by default; 0 picks a free one). */
  port?: number;
  /** The Cloud `multiclaw login` uses when it names none (`MULTICLAW_CLOUD_URL`). */
  defaultCloudUrl?: string;
  logger?: Logger;
  instanceName?: string;
  /** Origins besides the gateway's own allowed to call the local API from a browser (a dev server's). */
  allowedOrigins?: readonly string[];
  /** The built App the gateway serves; by default the installed @multiclaw/app's `dist`. */
  appDirectory?: string;
  linkSettings?: Partial<CloudLinkSettings>;
  mcpTiming?: McpHostOptions["timing"];
  engineLimits?: Partial<EngineLimits>;
  /** Destroy sockets opened around the guard (default) or only log them. */
  destroyUnguardedSockets?: boolean;
}

export interface RunningGateway {
  readonly url: string;
  readonly port: number;
  readonly paths: GatewayPaths;
  readonly engine: AgentEngine;
  readonly session: GatewaySession;
  readonly user: UserSession;
  readonly egress: GatewayEgress;
  /** Resolves when every task report in flight has settled (tests). */
  assignmentsIdle(): Promise<void>;
  close(): Promise<void>;
}

export const DEFAULT_CLOUD_URL = "http://127.0.0.1:4800";

export async function startGateway(options: GatewayOptions = {}): Promise<RunningGateway> {
  const env = options.env ?? process.env;
  const paths = options.paths ?? gatewayPaths(env);
  const logger =
    options.logger ??
    pino({ level: env.MULTICLAW_LOG_LEVEL ?? "info", base: { service: "gateway" } }, pino.destination(1));
  const closers: (() => Promise<void> | void)[] = [];
  const close = async () => {
    for (const closer of closers.splice(0).reverse()) {
      try {
        await closer();
      } catch (error) {
        logger.error({ err: error }, "shutdown step failed");
      }
    }
  };

  try {
    const store = openGatewayStore({ path: paths.databaseFile });
    closers.push(() => store.close());
    const state = createStateAdapter(store.state);

    // The guard exists, and is the process's dispatcher, before the first socket.
    let session: GatewaySession | undefined;
    let userSession: UserSession | undefined;
    let agentTools: ReturnType<typeof createAgentTools> | undefined;
    const agents = (): readonly Agent[] => session?.config()?.agents ?? [];
    // The preview and favicon services are rows of the guard's inventory, so they are read first.
    const linkPreviewSettings = readLinkPreviewSettings(env);
    const faviconEndpoint = readFaviconEndpoint(env);
    const updateSettings = resolveUpdateSettings({}, env);
    const approvalExpiryMs = readApprovalExpiryMs(env);
    // What caused each connection (a run, a feature): named where the work starts, read by the guard.
    const causes = createCauseScopes();
    const defaultCloudUrl = options.defaultCloudUrl ?? env.MULTICLAW_CLOUD_URL ?? DEFAULT_CLOUD_URL;
    const egress = createGatewayEgress({
      causeOf: causes.current,
      blocked: createBlockedRows(state),
      serviceUrls: {
        linkPreviewUrl: linkPreviewSettings.endpoint,
        faviconUrl: faviconEndpoint,
        updatesUrl: updateSettings.baseUrl,
      },
      state: {
        // The gateway's Cloud; when the gateway is signed out, the one a user signed in to through it.
        cloudUrl: () => session?.cloudUrl() ?? userSession?.cloudUrl(),
        configuredProviders: () =>
          new Map(
            [...(session?.config()?.providerKeys.values() ?? [])].map(
              (key) => [key.provider as ProviderName, key.baseUrl] as const,
            ),
          ),
        mcpServers: () => agentTools?.mcpServers(agents()) ?? [],
        featureOff: (rowId) => (rowId === "link-preview" ? linkPreviewsOff(linkPreviewSettings) : undefined),
      },
    });
    closers.push(() => egress.guard.close());
    closers.push(egress.guard.install());
    closers.push(
      egress.guard.watchSockets({
        destroy: options.destroyUnguardedSockets ?? true,
        onUnguarded: (seen) => logger.error({ seen }, "a socket was opened outside the egress guard"),
      }),
    );
    const guardedFetch = dispatcherFetch(egress.guard.dispatcher);
    const updates = createGatewayUpdates(updateSettings, {
      egress,
      fetch: causes.fetchFor("update-check", guardedFetch),
      logger,
      installedVersion: GATEWAY_VERSION,
    });

    const credentials = createCredentialStore({ path: paths.credentialsFile });
    session = createGatewaySession({
      credentials,
      fetch: guardedFetch,
      // The event socket connects as `cloud-events`, even where it shares the API's origin (embedded Cloud).
      openSocket: agentWebSocket(egress.guard.agentsFor("cloud-events")),
      state: createKeyValueState(store.state),
      logger,
      defaultCloudUrl,
      instanceName: options.instanceName ?? hostname(),
      withinFeature: causes.withinFeature,
      ...(options.linkSettings ? { linkSettings: options.linkSettings } : {}),
    });
    const currentSession = session;
    closers.push(() => currentSession.close());
    const user = createUserSession({
      store: createUserSessionStore({ path: userSessionPath(paths.configDir) }),
      // Its own calls (sign-in, refresh, me); the App's calls it forwards are named below.
      fetch: causes.fetchFor("user-session", guardedFetch),
      gatewayCloudUrl: () => currentSession.cloudUrl(),
      defaultCloudUrl,
      logger,
    });
    userSession = user;
    closers.push(() => user.close());
    await user.start();

    const tools = createAgentTools({
      agentsDir: paths.agentsDir,
      fetch: guardedFetch as typeof fetch,
      allowWebFetch: (url) => egress.webFetch.open(url),
      isBlocked: (rowId) => egress.blocked.has(rowId),
      ...(options.mcpTiming ? { mcpTiming: options.mcpTiming } : {}),
      withinServer: (server, work) => causes.withinFeature("mcp-server", work, server),
    });
    agentTools = tools;
    closers.push(() => tools.close());
    const syncTools = () =>
      tools
        .sync(agents())
        .catch((error: unknown) => logger.error({ err: error }, "MCP servers update failed"));

    const models = createModelResolver({
      keys: { get: (provider) => currentSession.config()?.providerKeys.get(provider) },
      // Model calls take the short path onto the guard's dispatcher (see dispatch-fetch.ts).
      fetch: createDispatchFetch({
        dispatcher: egress.guard.dispatcher,
        fallback: guardedFetch as typeof fetch,
      }),
    });

    const nextUlid = monotonicFactory(pooledRandom());
    const engine = createAgentEngine({
      store: store.runs,
      // The engine marks what it reads with the agent's provider itself (runModelStep).
      resolveModel: (agent) => models.model(agent.provider, agent.model, { streamMarks: false }),
      toolsFor: (agent) => tools.toolsFor(agent),
      agents: {
        get: (id) => agents().find((agent) => agent.id === id),
        list: agents,
      },
      newId: (kind) => `${idPrefixes[kind]}_${nextUlid().toLowerCase()}`,
      clock: { now: () => new Date().toISOString() },
      classifyError: (error) => models.classifyError(error),
      reportError: (error, context) => logger.error({ err: error, context }, "agent engine error"),
      withinRun: causes.withinRun,
      describeConnections: createApprovalConnections(egress),
      limits: { approvalExpiryMs, ...options.engineLimits },
    });
    closers.push(() => engine.close());
    const interrupted = await engine.recoverInterrupted();
    if (interrupted.length > 0) logger.warn({ runs: interrupted.length }, "runs interrupted by a restart");

    const assignments = createTaskAssignments({
      runsAgent: (agentId) => agents().some((agent) => agent.id === agentId),
      instanceId: () => currentSession.link()?.instanceId,
      getTask: (taskId) =>
        causes.withinFeature(
          "task-assignment",
          () => requireLink().cloud.call("getTask", { params: linkParams({ taskId }) }),
          taskId,
        ),
      listAssignedTasks: () =>
        causes.withinFeature("task-assignment", async () => {
          const { tasks } = await requireLink().cloud.call("listTasks", {
            params: linkParams({}),
            query: { state: "assigned", limit: 200 },
          });
          return tasks;
        }),
      transitionTask: (taskId, body, idempotencyKey) =>
        requireLink().reportTaskState(taskId, body, { idempotencyKey }),
      startTaskRun: ({ agentId, taskId, text }) => engine.startRun({ agentId, mode: "task", taskId, text }),
      runOfTask: async (taskId) => (await store.runs.listRuns({ taskId, topLevel: true, limit: 1 }))[0],
      cancelRun: async (runId) => {
        await engine.cancel(runId);
      },
      logger,
    });
    function requireLink() {
      const link = currentSession.link();
      if (!link) throw Object.assign(new Error("not signed in"), { code: "NOT_SIGNED_IN" });
      return link;
    }
    function linkParams<T extends object>(extra: T): T & { workspaceId: string } {
      return { workspaceId: requireLink().workspaceId, ...extra };
    }
    // The newest task runs: a catch-up after a reconnect re-walks these (finished ones too), so it is bounded.
    const taskRuns = () => store.runs.listRuns({ tasks: true, topLevel: true, limit: 1000 });

    closers.push(engine.onRunState((run) => assignments.onRunChanged(run)));
    closers.push(
      currentSession.onTaskEvent((event) => {
        if (event.name === "tasks-resync") {
          void taskRuns()
            // Finished runs too: a final report lost while offline is only re-sent by this walk.
            .then((runs) => assignments.catchUp(runs))
            .catch((error: unknown) => logger.warn({ err: error }, "catching up on assignments failed"));
        } else {
          assignments.onTaskEvent(event.task);
        }
      }),
    );
    closers.push(currentSession.onConfigChange(() => void syncTools()));
    closers.push(
      currentSession.onReady(() => {
        void syncTools();
        void taskRuns()
          .then((runs) => assignments.catchUp(runs))
          .catch((error: unknown) => logger.warn({ err: error }, "catching up on assignments failed"));
      }),
    );
    await currentSession.start();

    const startedAt = new Date().toISOString();
    const linkFeed = sessionWorkspaceFeed(currentSession);
    // A page showing a workspace the device link does not follow: that workspace's Cloud events, as the user.
    const openUserEventSocket = agentWebSocket(egress.guard.agentsFor("cloud-events"));
    const followWorkspace = (workspaceId: string) =>
      followShownWorkspace(workspaceId, {
        linkFeed,
        followAsUser: (id) =>
          followUserWorkspaceEvents({
            workspaceId: id,
            access: user,
            openSocket: openUserEventSocket,
            withinCause: (work) => causes.withinFeature("app-cloud-call", work, EVENTS_PATH),
            logger,
          }),
      });
    // Skills' files sit beside the database; what an interrupted import or removal left is cleared first.
    const skills = createSkillLibrary({
      directory: join(paths.dataDir, "skills"),
      records: store.skills,
      now: () => new Date(),
      newId: () => `skl_${nextUlid().toLowerCase()}`,
    });
    await skills.sweep();
    const api: RunningLocalApi = await startLocalApi({
      tokenFile: paths.apiTokenFile,
      appSessionsFile: paths.appSessionsFile,
      ...(options.appDirectory !== undefined ? { appDirectory: options.appDirectory } : {}),
      logger,
      env,
      ...(options.port !== undefined ? { port: options.port } : {}),
      ...(options.allowedOrigins ? { allowedOrigins: options.allowedOrigins } : {}),
      deps: {
        gateway: { version: GATEWAY_VERSION, pid: process.pid, startedAt },
        cloud: () => ({
          signedIn: currentSession.identity(),
          cloudUrl: currentSession.cloudUrl() ?? defaultCloudUrl,
          link: currentSession.linkStatus(),
        }),
        agents: async () =>
          tools.summaries(
            agents(),
            (provider) => currentSession.config()?.providerKeys.has(provider) ?? false,
          ),
        mcpServers: { restart: (agentId, name) => tools.restartServer(agentId, name) },
        engine,
        store: store.runs,
        connections: (() => {
          const control = createConnectionControl(egress);
          return {
            ...control,
            async setBlocked(rowId: string, blocked: boolean) {
              const row = await control.setBlocked(rowId, blocked);
              if (row && rowId.startsWith("mcp:")) await syncTools();
              return row;
            },
          };
        })(),
        session: {
          startLogin: (cloudUrl) => currentSession.startLogin(cloudUrl),
          loginStatus: () => currentSession.loginStatus(),
          checkLogin: () => currentSession.checkLogin(),
          logout: () => currentSession.logout(),
        },
        user: {
          ...user,
          // The App's Cloud calls, named by their path (ids and all: it is the user's own machine).
          forward: (request) =>
            causes.withinFeature("app-cloud-call", () => user.forward(request), request.target.split("?")[0]),
        },
        linkPreviews: createGatewayLinkPreviews(linkPreviewSettings, {
          egress,
          fetch: causes.fetchFor("link-preview", guardedFetch as typeof fetch),
          logger,
        }),
        favicons: createGatewayFavicons(faviconEndpoint, {
          egress,
          fetch: causes.fetchFor("favicon", guardedFetch as typeof fetch),
          logger,
        }),
        updates,
        skills,
        workspaceFeed: linkFeed,
        followWorkspace,
      },
    });
    closers.push(() => api.close());
    // The App's launch: `npm start` and `multiclaw app` start the gateway with it (MULTICLAW_UPDATE_CHECK=manual
    // leaves it to the App's menu).
    if (updateSettings.checkAtStart) void updates.check();
    logger.info({ url: api.url, signedIn: currentSession.link() !== undefined }, "gateway ready");

    return {
      url: api.url,
      port: api.port,
      paths,
      engine,
      session: currentSession,
      user,
      egress,
      assignmentsIdle: () => assignments.idle(),
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
