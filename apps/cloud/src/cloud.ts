import { readFile } from "node:fs/promises";
import { createServer as createHttpsServer } from "node:https";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { createAdaptorServer } from "@hono/node-server";
import { Redis } from "ioredis";
import type { Kysely } from "kysely";
import pino, { type Logger } from "pino";
import { registerAgentRoutes } from "./agents/agent-routes.ts";
import { createAgentService } from "./agents/agent-service.ts";
import { createAccountService } from "./auth/accounts.ts";
import { registerAuthRoutes } from "./auth/auth-routes.ts";
import { createDeviceFlow } from "./auth/device-flow.ts";
import { createSessionService } from "./auth/sessions.ts";
import { type Clock, systemClock } from "./clock.ts";
import { type CloudConfig, type CloudOptions, resolveCloudConfig } from "./config.ts";
import { type Database, openDatabase } from "./db/connect.ts";
import { migrateToLatest } from "./db/migrate.ts";
import { createChangeRunner } from "./events/emit.ts";
import { createEventHub } from "./events/event-hub.ts";
import type { Fanout } from "./events/fanout.ts";
import { createLocalFanout } from "./events/local-fanout.ts";
import { createRedisFanout } from "./events/redis-fanout.ts";
import { registerHealthRoutes } from "./health.ts";
import { clientAddress, createHttpApp } from "./http/app.ts";
import { createRouteBinder } from "./http/bind-routes.ts";
import { createRateLimiter } from "./http/rate-limit.ts";
import { createStartingGate } from "./http/starting-gate.ts";
import { registerInstanceRoutes } from "./instances/instance-routes.ts";
import { createPresenceService } from "./instances/presence-service.ts";
import { createStreamLiveness } from "./instances/stream-liveness.ts";
import { loadMasterKeyRing } from "./keys/master-key.ts";
import { registerProviderKeyRoutes } from "./keys/provider-key-routes.ts";
import { createProviderKeyService } from "./keys/provider-keys.ts";
import { startMaintenance } from "./maintenance.ts";
import { registerProgressChannelAuthRoutes } from "./pusher/progress-channel-auth-routes.ts";
import { loadPusherApp } from "./pusher/pusher-app.ts";
import { createPusherSocketEndpoint } from "./pusher/pusher-socket-endpoint.ts";
import { registerPusherTriggerRoutes } from "./pusher/pusher-trigger-routes.ts";
import { createConfigSyncService } from "./sync/config-sync.ts";
import { registerConfigSyncRoutes } from "./sync/config-sync-routes.ts";
import { registerTaskRoutes } from "./tasks/task-routes.ts";
import { createTaskService } from "./tasks/task-service.ts";
import { registerUpdateManifestRoutes } from "./updates/update-manifest-routes.ts";
import { CLOUD_VERSION } from "./version.ts";
import { registerConsoleRoutes } from "./web/console-routes.ts";
import { createInvitationService } from "./workspaces/invitation-service.ts";
import { createMembershipService } from "./workspaces/membership-service.ts";
import { registerWorkspaceRoutes } from "./workspaces/workspace-routes.ts";
import { createWorkspaceService } from "./workspaces/workspace-service.ts";

export interface StartCloudOptions extends Partial<CloudOptions> {
  /** Defaults to a pino logger at `logLevel`. */
  logger?: Logger;
  clock?: Clock;
  /**
   * An already-open database (tests; a promise: one that opens late); the Cloud migrates it but does not
   * close it.
   */
  database?: Database | Promise<Database>;
  /** Environment to read settings from; `process.env` by default. */
  env?: NodeJS.ProcessEnv;
  /** Called once the server listens, before the database is open; requests until then wait (see `createStartingGate`). */
  onListening?(url: string): void;
}

export interface RunningCloud {
  /** Base URL of the HTTP API, e.g. `http://127.0.0.1:4800`. */
  url: string;
  /** URL of the event stream, e.g. `ws://127.0.0.1:4800/v1/events`. */
  eventsUrl: string;
  config: CloudConfig;
  db: Database;
  /** Open event connections on this node. */
  eventConnections(): number;
  close(): Promise<void>;
}

async function openFanout(config: CloudConfig, logger: Logger): Promise<Fanout> {
  return config.redisUrl ? createRedisFanout({ url: config.redisUrl, logger }) : createLocalFanout();
}

/**
 * Starts one Cloud node: opens and migrates the database, loads the master key, wires every service to its
 * routes and the event stream, and listens. Everything it opens, `close()` closes.
 *
 * @example
 * const cloud = await startCloud({ port: 0, dataDir: "/tmp/multiclaw" });
 * console.log(cloud.url);
 */
export async function startCloud(options: StartCloudOptions = {}): Promise<RunningCloud> {
  const { logger: givenLogger, clock = systemClock, database, env, onListening, ...settings } = options;
  const config = resolveCloudConfig(settings, env);
  const logger =
    givenLogger ??
    pino({
      level: config.logLevel,
      redact: {
        paths: ["*.password", "*.apiKey", "*.token", "*.refreshToken", "*.accessToken"],
        censor: "[redacted]",
      },
    });
  const cloudDir = join(config.dataDir, "cloud");
  const closers: Array<() => Promise<void> | void> = [];

  // The server listens first and holds what comes in until the database is open (most of a second on
  // PGlite): a client started beside the Cloud connects at once and is answered as soon as it can be.
  const gate = createStartingGate({ version: CLOUD_VERSION });
  const server = createAdaptorServer({
    fetch: gate.fetch,
    ...(config.tlsCertFile && config.tlsKeyFile
      ? {
          createServer: createHttpsServer,
          serverOptions: {
            cert: await readFile(config.tlsCertFile),
            key: await readFile(config.tlsKeyFile),
          },
        }
      : {}),
  });
  server.on("upgrade", gate.upgrade);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(config.port, config.host, () => resolve());
  });
  closers.push(
    () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        if ("closeAllConnections" in server) server.closeAllConnections();
      }),
  );
  const scheme = config.tlsCertFile ? "https" : "http";
  const { port } = server.address() as AddressInfo;
  const host = config.host.includes(":") ? `[${config.host}]` : config.host;
  const url = config.publicUrl?.replace(/\/$/, "") || `${scheme}://${host}:${port}`;
  onListening?.(url);

  try {
    const db =
      (await database) ??
      (await openDatabase(
        config.databaseUrl
          ? { kind: "postgres", url: config.databaseUrl }
          : { kind: "pglite", dataDir: join(cloudDir, "db") },
      ));
    if (!database) closers.push(() => db.destroy());
    const applied = await migrateToLatest(db as unknown as Kysely<unknown>);
    if (applied.length > 0) logger.info({ migrations: applied }, "database migrated");

    const masterKeys = await loadMasterKeyRing({
      masterKey: config.masterKey,
      masterKeyFile: config.masterKeyFile,
      previousMasterKeys: config.previousMasterKeys,
      dataDir: cloudDir,
    });
    const fanout = await openFanout(config, logger);
    closers.push(() => fanout.close());
    const redis = config.redisUrl
      ? new Redis(config.redisUrl, { lazyConnect: false, maxRetriesPerRequest: 2 })
      : null;
    if (redis) closers.push(() => void redis.disconnect());

    const runChange = createChangeRunner({ db, fanout, clock, logger });
    const sessions = createSessionService({ db, runChange, clock, settings: config });
    const providerKeys = createProviderKeyService({ db, masterKeys, runChange });
    const rewrapped = await providerKeys.rewrapDataKeys();
    if (rewrapped > 0)
      logger.info({ workspaces: rewrapped }, "data keys re-wrapped under the current master key");
    const presence = createPresenceService({
      db,
      runChange,
      clock,
      heartbeatIntervalMs: config.heartbeatIntervalMs,
      logger,
    });

    const app = createHttpApp(
      { bodyLimitBytes: config.bodyLimitBytes, trustProxy: config.trustProxy, version: CLOUD_VERSION },
      logger,
    );
    const binder = createRouteBinder({
      app,
      db,
      authenticator: sessions,
      rateLimit: createRateLimiter(config, redis),
      clientIp: (context) => clientAddress(context, config.trustProxy),
    });
    registerHealthRoutes(binder, { db, fanout, version: CLOUD_VERSION });
    await registerConsoleRoutes(app);
    registerUpdateManifestRoutes(app, { updatesDir: config.updatesDir });
    registerAuthRoutes(binder, {
      accounts: createAccountService({ db, runChange, sessions }),
      sessions,
      deviceFlow: createDeviceFlow({
        db,
        runChange,
        clock,
        sessions,
        settings: {
          get verificationUri() {
            return `${url}/device`;
          },
          pollIntervalSeconds: config.devicePollIntervalSeconds,
        },
      }),
    });
    registerWorkspaceRoutes(binder, {
      workspaces: createWorkspaceService({ db, runChange }),
      members: createMembershipService({ db, runChange }),
      invitations: createInvitationService({
        db,
        runChange,
        get joinUrl() {
          return `${url}/join`;
        },
      }),
    });
    registerAgentRoutes(binder, createAgentService({ db, runChange }));
    registerProviderKeyRoutes(binder, providerKeys);
    registerConfigSyncRoutes(binder, createConfigSyncService({ db, keys: providerKeys }));
    registerTaskRoutes(binder, createTaskService({ db, runChange }));
    registerInstanceRoutes(binder, presence);
    // Progress over the Pusher protocol: the channel-auth route for users, and Pusher's own trigger API and
    // socket endpoint (`/app/<key>`) for the embedded default and self-hosting.
    const pusherApp = await loadPusherApp({ ...config, dataDir: cloudDir });
    registerProgressChannelAuthRoutes(binder, { app: pusherApp });
    registerPusherTriggerRoutes(app, { app: pusherApp, fanout, clock });
    const pusher = createPusherSocketEndpoint({
      app: pusherApp,
      fanout,
      logger,
      maxBufferedBytes: config.maxBufferedBytes,
    });
    closers.push(() => pusher.close());

    const liveness = createStreamLiveness(presence, config.heartbeatIntervalMs);
    const hub = createEventHub({
      db,
      fanout,
      authenticator: sessions,
      clock,
      logger,
      config,
      onInstanceConnected: (instanceId, workspaceId) => liveness.connected(instanceId, workspaceId),
      onInstanceDisconnected: (instanceId, workspaceId) => liveness.disconnected(instanceId, workspaceId),
    });
    gate.open({
      fetch: app.fetch,
      upgrade: (request, socket, head) =>
        pusher.handles(request.url)
          ? pusher.handleUpgrade(request, socket, head)
          : hub.handleUpgrade(request, socket, head),
    });
    // Closed before the server (closers run in reverse): clients see "server restart" and reconnect.
    closers.push(() => hub.close());

    presence.start();
    liveness.start();
    closers.push(() => presence.stop());
    closers.push(() => liveness.stop());
    const maintenance = startMaintenance({ db, clock, logger });
    closers.push(() => maintenance.stop());

    logger.info(
      { url, storage: config.databaseUrl ? "postgres" : "pglite", fanout: redis ? "redis" : "local" },
      "cloud ready",
    );
    let closed = false;
    return {
      url,
      eventsUrl: `${url.replace(/^http/, "ws")}/v1/events`,
      config,
      db,
      eventConnections: () => hub.connectionCount(),
      async close() {
        if (closed) return;
        closed = true;
        for (const close of closers.reverse()) await close();
      },
    };
  } catch (error) {
    gate.fail();
    for (const close of closers.reverse()) await Promise.resolve(close()).catch(() => undefined);
    throw error;
  }
}
