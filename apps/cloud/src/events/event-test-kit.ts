import { createServer, type Server } from "node:http";
import { type AddressInfo, connect as netConnect, type Socket } from "node:net";
import {
  EVENTS_PATH,
  type EventFrame,
  type HelloFrame,
  PROTOCOL_VERSION,
  type Role,
  ServerFrame,
  type WelcomeFrame,
  type WorkspaceEvent,
} from "@multiclaw/protocol";
import { pino } from "pino";
import { WebSocket } from "ws";
import { systemClock } from "../clock.ts";
import type { Database } from "../db/connect.ts";
import { CloudError } from "../errors.ts";
import type { Authenticator, Principal } from "../http/principal.ts";
import { newId } from "../ids.ts";
import { createChangeRunner, type RunChange } from "./emit.ts";
import { createEventHub, type EventHub, type EventHubDeps } from "./event-hub.ts";
import type { Fanout } from "./fanout.ts";
import { createLocalFanout } from "./local-fanout.ts";

/* Test helpers for the event stream: real sockets, a real HTTP server, rows inserted directly. */

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

/** Polls `check` until it holds, for state that sends no signal (a hub's connection count). */
export async function eventually(what: string, check: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

export interface CloseInfo {
  code: number;
  reason: string;
}

/** A WebSocket client that records every frame, checked against the protocol's ServerFrame schema. */
export class TestClient {
  readonly frames: ServerFrame[] = [];
  /** Frames that did not match the protocol; a test expects none. */
  readonly invalidFrames: string[] = [];
  readonly closed: Promise<CloseInfo>;
  closeInfo: CloseInfo | null = null;
  private readonly wakers = new Set<() => void>();

  constructor(
    readonly socket: WebSocket,
    /** The TCP socket under the WebSocket, to stop reading (a slow consumer). */
    readonly tcp: Socket | null,
  ) {
    socket.on("message", (data: Buffer) => {
      const text = data.toString("utf8");
      const parsed = ServerFrame.safeParse(JSON.parse(text));
      if (parsed.success) this.frames.push(parsed.data);
      else this.invalidFrames.push(text);
      this.wake();
    });
    this.closed = new Promise((resolve) => {
      socket.on("close", (code, reason) => {
        this.closeInfo = { code, reason: reason.toString() };
        resolve(this.closeInfo);
        this.wake();
      });
    });
    socket.on("error", () => {});
  }

  send(value: unknown): void {
    this.socket.send(typeof value === "string" ? value : JSON.stringify(value));
  }

  /** Sends a hello and waits for the welcome. */
  async hello(fields: Omit<HelloFrame, "type" | "protocol"> & { protocol?: number }): Promise<WelcomeFrame> {
    this.send({ type: "hello", protocol: PROTOCOL_VERSION, ...fields });
    return this.waitFor("welcome", () => this.frames.find((frame) => frame.type === "welcome"));
  }

  events(): EventFrame[] {
    return this.frames.filter((frame): frame is EventFrame => frame.type === "event");
  }

  eventSeqs(): number[] {
    return this.events().map((frame) => frame.seq);
  }

  /** Resolves with the first truthy answer of `check`, re-evaluated on every frame and on close. */
  waitFor<T>(what: string, check: () => T | undefined | null | false, timeoutMs = 10_000): Promise<T> {
    return new Promise((resolve, reject) => {
      const attempt = () => {
        const value = check();
        if (value) {
          finish();
          resolve(value);
        } else if (this.closeInfo) {
          finish();
          reject(
            new Error(`Closed (${this.closeInfo.code} ${this.closeInfo.reason}) while waiting for ${what}`),
          );
        }
      };
      const timer = setTimeout(() => {
        finish();
        reject(
          new Error(`Timed out waiting for ${what}; frames: ${JSON.stringify(this.frames).slice(0, 500)}`),
        );
      }, timeoutMs);
      const finish = () => {
        clearTimeout(timer);
        this.wakers.delete(attempt);
      };
      this.wakers.add(attempt);
      attempt();
    });
  }

  waitForEvents(count: number, timeoutMs?: number): Promise<EventFrame[]> {
    return this.waitFor(`${count} events`, () => this.events().length >= count && this.events(), timeoutMs);
  }

  async close(): Promise<void> {
    if (this.closeInfo) return;
    this.tcp?.resume();
    if (this.socket.readyState === WebSocket.OPEN) this.socket.close();
    else this.socket.terminate();
    const timer = setTimeout(() => this.socket.terminate(), 1000);
    await this.closed;
    clearTimeout(timer);
  }

  private wake(): void {
    for (const waker of [...this.wakers]) waker();
  }
}

export async function openClient(url: string, options: { autoPong?: boolean } = {}): Promise<TestClient> {
  let tcp = null as Socket | null;
  const socket = new WebSocket(url, {
    autoPong: options.autoPong ?? true,
    // ws hands over its request options; keep the TCP socket to pause it later.
    createConnection: ((connectOptions: { host?: string; port?: number }) => {
      tcp = netConnect({ host: connectOptions.host ?? "127.0.0.1", port: Number(connectOptions.port) });
      return tcp;
    }) as typeof netConnect,
  });
  // http.request creates the connection synchronously, so `tcp` is set by now.
  const client = new TestClient(socket, tcp);
  await new Promise<void>((resolve, reject) => {
    socket.once("open", () => resolve());
    socket.once("error", reject);
    socket.once("unexpected-response", (_request, response) =>
      reject(new Error(`Upgrade refused with HTTP ${response.statusCode}`)),
    );
  });
  return client;
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
