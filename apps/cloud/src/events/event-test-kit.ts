import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { EVENTS_PATH, type Role, type WorkspaceEvent } from "@multiclaw/protocol";
import { pino } from "pino";
import { systemClock } from "../clock.ts";
import type { Database } from "../db/connect.ts";
import { CloudError } from "../errors.ts";
import type { Authenticator, Principal } from "../http/principal.ts";
import { newId } from "../ids.ts";
import { createChangeRunner, type RunChange } from "./emit.ts";
import { createEventHub, type EventHub, type EventHubDeps } from "./event-hub.ts";
import { openClient, type TestClient } from "./event-test-client.ts";
import type { Fanout } from "./fanout.ts";
import { createLocalFanout } from "./local-fanout.ts";

/* Test helpers for the event stream: real sockets, a real HTTP server, rows inserted directly. */

export { eventually, openClient, type TestClient } from "./event-test-client.ts";

export const silentLogger = pino({ level: "silent" });

/** Token → principal (or the error authenticating it throws). Optionally held until released. */
export class FakeAuthenticator implements Authenticator {
  readonly tokens = new Map<string, Principal | CloudError>();
  /** While set, authenticate() waits for it: lets a test act in the middle of a handshake. */
  gate: Promise<void> | null = null;

  async authenticate(accessToken: string): Promise<Principal> {
    if (this.gate) await this.gate;
    const entry = this.tokens.get(accessToken);
    if (entry instanceof CloudError) throw entry;
    if (!entry) throw new CloudError("AUTH_INVALID");
    return entry;
  }

  /** A new token for a user's session (or, with `instance`, an instance's). */
  issue(
    userId: string,
    instance?: { instanceId: string; workspaceId: string },
  ): { token: string; principal: Principal } {
    const token = `tok_${newId("task")}`;
    const principal: Principal = {
      userId,
      familyId: newId("family"),
      instanceId: instance?.instanceId ?? null,
      instanceWorkspaceId: instance?.workspaceId ?? null,
    };
    this.tokens.set(token, principal);
    return { token, principal };
  }
}

export async function insertUser(db: Database): Promise<string> {
  const id = newId("user");
  await db
    .insertInto("users")
    .values({ id, email: `${id}@example.test`, name: id, password_hash: "x" })
    .execute();
  return id;
}

export async function insertWorkspace(db: Database): Promise<string> {
  const id = newId("workspace");
  await db
    .insertInto("workspaces")
    .values({ id, name: `Workspace ${id}` })
    .execute();
  return id;
}

export async function addMember(db: Database, workspaceId: string, userId: string, role: Role = "member") {
  await db.insertInto("memberships").values({ workspace_id: workspaceId, user_id: userId, role }).execute();
}

export async function insertInstance(db: Database, workspaceId: string, userId: string): Promise<string> {
  const id = newId("instance");
  await db
    .insertInto("instances")
    .values({ id, workspace_id: workspaceId, user_id: userId, name: "laptop", platform: "linux" })
    .execute();
  return id;
}

/** A workspace with one member; returns both ids. */
export async function seedWorkspace(db: Database): Promise<{ workspaceId: string; userId: string }> {
  const [userId, workspaceId] = await Promise.all([insertUser(db), insertWorkspace(db)]);
  await addMember(db, workspaceId, userId, "owner");
  return { workspaceId, userId };
}

export function configChanged(changedBy: string, revision: number): WorkspaceEvent {
  return { name: "config-changed", revision, scope: "workspace", changedBy };
}

/**
 * Emits `count` events, one change (transaction) each, the way services do. With `paced`, yields to I/O between
 * events: an in-process PGlite otherwise runs the whole burst before any socket is served.
 */
export async function emitEvents(
  change: RunChange,
  workspaceId: string,
  userId: string,
  count: number,
  options: { paced?: boolean } = {},
) {
  for (let i = 0; i < count; i += 1) {
    await change(async ({ emit }) => emit(workspaceId, configChanged(userId, i + 1)));
    if (options.paced) await new Promise((resolve) => setTimeout(resolve, 1));
  }
}

export interface HubHarness {
  hub: EventHub;
  fanout: Fanout;
  change: RunChange;
  authenticator: FakeAuthenticator;
  /** ws://127.0.0.1:PORT */
  origin: string;
  /** The event stream's URL. */
  url: string;
  connect(options?: { autoPong?: boolean; path?: string }): Promise<TestClient>;
  /** Connects, says hello as a fresh token of `userId`, and returns the welcomed client. */
  connectAs(userId: string, workspaceId: string, lastSeq?: number): Promise<TestClient>;
  close(): Promise<void>;
}

export interface HubHarnessOptions {
  fanout?: Fanout;
  /** The fan-out the change runner publishes to (defaults to the hub's). */
  publishFanout?: Fanout;
  authenticator?: FakeAuthenticator;
  config?: Partial<EventHubDeps["config"]>;
  tuning?: EventHubDeps["tuning"];
  onInstanceConnected?: EventHubDeps["onInstanceConnected"];
  onInstanceDisconnected?: EventHubDeps["onInstanceDisconnected"];
}

/** An event hub behind a real HTTP server on 127.0.0.1, port 0. */
export async function startHub(db: Database, options: HubHarnessOptions = {}): Promise<HubHarness> {
  const fanout = options.fanout ?? createLocalFanout();
  const authenticator = options.authenticator ?? new FakeAuthenticator();
  const hub = createEventHub({
    db,
    fanout,
    authenticator,
    clock: systemClock,
    logger: silentLogger,
    config: {
      eventPingIntervalMs: 25_000,
      heartbeatIntervalMs: 15_000,
      eventRetention: 100_000,
      maxBufferedBytes: 1_048_576,
      ...options.config,
    },
    tuning: options.tuning,
    onInstanceConnected: options.onInstanceConnected,
    onInstanceDisconnected: options.onInstanceDisconnected,
  });
  const server: Server = createServer((_request, response) => {
    response.statusCode = 404;
    response.end();
  });
  server.on("upgrade", (request, socket, head) => hub.handleUpgrade(request, socket, head));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const origin = `ws://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const clients = new Set<TestClient>();
  const change = createChangeRunner({
    db,
    fanout: options.publishFanout ?? fanout,
    clock: systemClock,
    logger: silentLogger,
  });

  async function connect(connectOptions: { autoPong?: boolean; path?: string } = {}) {
    const client = await openClient(`${origin}${connectOptions.path ?? EVENTS_PATH}`, connectOptions);
    clients.add(client);
    return client;
  }

  return {
    hub,
    fanout,
    change,
    authenticator,
    origin,
    url: `${origin}${EVENTS_PATH}`,
    connect,
    async connectAs(userId, workspaceId, lastSeq) {
      const client = await connect();
      const { token } = authenticator.issue(userId);
      await client.hello({ token, workspaceId, ...(lastSeq === undefined ? {} : { lastSeq }) });
      return client;
    },
    async close() {
      await Promise.all([...clients].map((client) => client.close()));
      await hub.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
