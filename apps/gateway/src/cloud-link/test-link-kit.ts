import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inspect } from "node:util";
import { startCloud } from "@multiclaw/cloud";
import type { TestCloud } from "@multiclaw/cloud/testing/test-cloud";
import {
  type CloudClient,
  createCloudClient,
  type FetchFunction,
  type OpenWebSocket,
  staticTokenSource,
} from "@multiclaw/cloud-client";
import pino from "pino";
import WebSocket from "ws";
import { type CredentialStore, createCredentialStore } from "../credentials/credential-store.ts";
import { credentialsPath } from "../credentials/credentials-path.ts";
import type { DeviceCredential } from "../credentials/device-credential.ts";
import { loginWithDeviceCode } from "../credentials/device-login.ts";
import { type CloudLink, type CloudLinkDeps, createCloudLink } from "./cloud-link.ts";
import type { KeyValueState } from "./event-position.ts";
import type { LinkLogger } from "./link-logger.ts";

/*
 * Shared set-up for the link's tests against a real Cloud: accounts made through the typed client, a device
 * signed in through the real device flow into a temporary MULTICLAW_HOME, and the link with short timings.
 */

export const PASSWORD = "correct horse battery staple";

/** The gateway's key-value state, in memory (the local store provides the durable one). */
export function memoryKeyValue(): KeyValueState & { values: Map<string, string> } {
  const values = new Map<string, string>();
  return {
    values,
    get: async (key) => values.get(key),
    set: async (key, value) => {
      values.set(key, value);
    },
  };
}

/** A logger that keeps every line as it would be printed, to search for secrets. */
export function recordingLogger(): LinkLogger & { lines: string[] } {
  const lines: string[] = [];
  const record = (level: string) => (fields: object, message: string) => {
    lines.push(`${level} ${message} ${inspect(fields, { depth: 8 })} ${JSON.stringify(fields)}`);
  };
  return {
    lines,
    debug: record("debug"),
    info: record("info"),
    warn: record("warn"),
    error: record("error"),
  };
}

export interface ObservedExchange {
  method: string;
  path: string;
  status: number;
  /** The JSON request body, if any. */
  body: unknown;
}

/** A fetch that records each exchange so tests can see what the link did on the wire. */
export function observedFetch(): FetchFunction & { exchanges: ObservedExchange[] } {
  const exchanges: ObservedExchange[] = [];
  const observed = (async (url: string, init: RequestInit) => {
    const response = await fetch(url, init);
    const body = typeof init.body === "string" ? (JSON.parse(init.body) as unknown) : undefined;
    exchanges.push({
      method: String(init.method),
      path: new URL(url).pathname,
      status: response.status,
      body,
    });
    return response;
  }) as FetchFunction & { exchanges: ObservedExchange[] };
  observed.exchanges = exchanges;
  return observed;
}

/** Every file under `directory`, as text, to search for what must never be written. */
export async function filesUnder(directory: string): Promise<Array<{ path: string; text: string }>> {
  const entries = await readdir(directory, { recursive: true, withFileTypes: true });
  return Promise.all(
    entries
      .filter((entry) => entry.isFile())
      .map(async (entry) => {
        const path = join(entry.parentPath, entry.name);
        return { path, text: await readFile(path, "utf8") };
      }),
  );
}

export const plainWebSocket: OpenWebSocket = (url) => new WebSocket(url);

let accounts = 0;

export interface Account {
  cloud: CloudClient;
  userId: string;
  email: string;
  workspaceId: string;
}

/** Signs a person up (with a personal workspace) and returns a client acting as them. */
export async function signUpPerson(baseUrl: string, name: string): Promise<Account> {
  accounts += 1;
  const email = `${name.toLowerCase()}.${process.pid}.${accounts}@example.test`;
  const anonymous = createCloudClient({ baseUrl, fetch });
  const answer = await anonymous.call("signUp", { body: { email, password: PASSWORD, name } });
  return {
    cloud: anonymous.withAuth(staticTokenSource(answer.tokens.accessToken)),
    userId: answer.user.id,
    email,
    workspaceId: answer.workspaces[0]?.id as string,
  };
}

export interface SignedInDevice {
  home: string;
  store: CredentialStore;
  credential: DeviceCredential;
  /** The access token the device flow handed out (to prove it is written nowhere). */
  firstAccessToken: string;
  cleanup(): Promise<void>;
}

/** Runs the real device flow: the device asks for a code, `approver` approves it into `workspaceId`. */
export async function signInDevice(
  baseUrl: string,
  approver: Account,
  workspaceId = approver.workspaceId,
): Promise<SignedInDevice> {
  const home = await mkdtemp(join(tmpdir(), "multiclaw-gateway-home-"));
  const store = createCredentialStore({ path: credentialsPath({ MULTICLAW_HOME: home }) });
  let firstAccessToken = "";
  const recordTokens: FetchFunction = async (url, init) => {
    const response = await fetch(url, init);
    if (url.endsWith("/v1/device/token") && response.ok) {
      firstAccessToken = ((await response.clone().json()) as { tokens: { accessToken: string } }).tokens
        .accessToken;
    }
    return response;
  };
  const credential = await loginWithDeviceCode({
    cloud: createCloudClient({ baseUrl, fetch: recordTokens }),
    store,
    instanceName: "test-gateway",
    platform: "linux",
    onCode: (code) =>
      approver.cloud.call("deviceApprove", { body: { userCode: code.userCode, workspaceId } }),
  });
  return {
    home,
    store,
    credential,
    firstAccessToken,
    cleanup: () => rm(home, { recursive: true, force: true }),
  };
}

/** Short timings so reconnects and heartbeats happen within a test. */
export const fastLinkSettings: NonNullable<CloudLinkDeps["settings"]> = {
  backoff: { initialDelayMs: 50, maxDelayMs: 400 },
  unreachableAfterAttempts: 100,
  heartbeatIntervalMs: 300,
  requestTimeoutMs: 5000,
  handshakeTimeoutMs: 5000,
};

export function linkFor(device: SignedInDevice, overrides: Partial<CloudLinkDeps> = {}): CloudLink {
  return createCloudLink({
    credential: device.credential,
    store: device.store,
    fetch,
    openSocket: plainWebSocket,
    state: memoryKeyValue(),
    logger: recordingLogger(),
    settings: fastLinkSettings,
    ...overrides,
  });
}

/** Stops the test Cloud's node and starts a new one on the same port, database and data directory. */
export async function restartCloud(test: TestCloud, between?: () => Promise<void>): Promise<void> {
  const port = Number(new URL(test.cloud.url).port);
  const { config } = test.cloud;
  await test.cloud.close();
  await between?.();
  test.cloud = await startCloud({
    port,
    dataDir: test.dataDir,
    database: test.database.db,
    logger: pino({ level: "silent" }),
    env: {},
    signInRatePerMinute: 1000,
    deviceRatePerMinute: 1000,
    heartbeatIntervalMs: config.heartbeatIntervalMs,
    eventPingIntervalMs: config.eventPingIntervalMs,
  });
}
