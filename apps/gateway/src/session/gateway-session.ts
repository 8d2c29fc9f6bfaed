import {
  type CloudClient,
  createCloudClient,
  type FetchFunction,
  isCloudError,
  type OpenWebSocket,
} from "@multiclaw/cloud-client";
import type { CloudLinkStatus, LoginStatus, LogoutResult, SignedInIdentity } from "@multiclaw/protocol";
import type { Logger } from "pino";
import {
  type CloudLink,
  type CloudLinkSettings,
  type ConfigListener,
  createCloudLink,
  type GatewayConfig,
  type KeyValueState,
  type LinkStateListener,
  type TaskListener,
} from "../cloud-link/index.ts";

import {
  type CredentialStore,
  type DeviceCredential,
  devicePlatform,
  loginWithDeviceCode,
} from "../credentials/index.ts";
import { wakeableSleep } from "../credentials/wakeable-sleep.ts";
import { type WithinFeature, withoutCause } from "../egress/cause-scopes.ts";

/*
 * The gateway's sign-in: whether it has a device credential, the Cloud link that credential opens, and the
 * device authorization that gets one. Signing in or out swaps the link; listeners registered here survive the
 * swap, so the rest of the gateway subscribes once.
 */

export interface GatewaySessionDeps {
  credentials: CredentialStore;
  fetch: FetchFunction;
  openSocket: OpenWebSocket;
  state: KeyValueState;
  logger: Logger;
  /** The Cloud `multiclaw login` signs in to when it names none. */
  defaultCloudUrl: string;
  /** How this machine appears to teammates. */
  instanceName: string;
  linkSettings?: Partial<CloudLinkSettings>;
  /** Names the cause of the connections the link and the device sign-in open. */
  withinFeature?: WithinFeature;
}

export interface GatewaySession {
  /** Opens the link of the stored credential, if there is one. */
  start(): Promise<void>;
  link(): CloudLink | undefined;
  /** The Cloud this gateway talks to now (signed in, or signing in); undefined otherwise. */
  cloudUrl(): string | undefined;
  config(): GatewayConfig | null;
  identity(): SignedInIdentity | null;
  linkStatus(): CloudLinkStatus;
  startLogin(cloudUrl: string | undefined): Promise<LoginStatus>;
  loginStatus(): LoginStatus;
  /** Polls the Cloud for the pending sign-in now (the user says they approved it), not at the next interval. */
  checkLogin(): LoginStatus;
  logout(): Promise<LogoutResult>;
  onConfigChange(listener: ConfigListener): () => void;
  onTaskEvent(listener: TaskListener): () => void;
  onLinkState(listener: LinkStateListener): () => void;
  /** Called with each new link once it is ready (first sync done). */
  onReady(listener: (link: CloudLink) => void): () => void;
  close(): Promise<void>;
}

const signedOutStatus: LoginStatus = {
  state: "signed-out",
  cloudUrl: null,
  userCode: null,
  verificationUri: null,
  verificationUriComplete: null,
  expiresAt: null,
  error: null,
  signedIn: null,
};

export function createGatewaySession(deps: GatewaySessionDeps): GatewaySession {
  const within = deps.withinFeature ?? withoutCause;
  let link: CloudLink | undefined;
  let login: LoginStatus = signedOutStatus;
  let loginAbort: AbortController | undefined;
  /** Ends the wait before the pending sign-in's next poll, while it waits. */
  let pollNow: (() => void) | undefined;
  const unlink: (() => void)[] = [];
  const configListeners = new Set<ConfigListener>();
  const taskListeners = new Set<TaskListener>();
  const stateListeners = new Set<LinkStateListener>();
  const readyListeners = new Set<(link: CloudLink) => void>();

  function open(credential: DeviceCredential): CloudLink {
    const next = createCloudLink({
      credential,
      store: deps.credentials,
      fetch: deps.fetch,
      openSocket: deps.openSocket,
      state: deps.state,
      logger: deps.logger,
      ...(deps.linkSettings ? { settings: deps.linkSettings } : {}),
      ...(deps.withinFeature ? { withinFeature: deps.withinFeature } : {}),
    });
    unlink.push(
      next.config.onChange((change, config) => {
        for (const listener of configListeners) listener(change, config);
      }),
      next.onTaskEvent((event) => {
        for (const listener of taskListeners) listener(event);
      }),
      next.onStateChange((state) => {
        for (const listener of stateListeners) listener(state);
      }),
    );
    link = next;
    next.start();
    next.ready().then(
      () => {
        if (link !== next) return;
        for (const listener of readyListeners) listener(next);
      },
      (error: unknown) =>
        deps.logger.warn({ err: error }, "the Cloud link went offline before its first sync"),
    );
    return next;
  }

  async function closeLink(): Promise<void> {
    const current = link;
    link = undefined;
    for (const stop of unlink.splice(0)) stop();
    await current?.stop();
  }

  function identityOf(current: CloudLink): SignedInIdentity {
    const config = current.config.current();
    return {
      account: current.account,
      workspace: { workspaceId: current.workspaceId, name: config?.workspaceName ?? null },
      instance: { instanceId: current.instanceId, name: deps.instanceName },
    };
  }

  async function runLogin(cloud: CloudClient, abort: AbortController): Promise<void> {
    try {
      const credential = await loginWithDeviceCode({
        cloud,
        store: deps.credentials,
        instanceName: deps.instanceName,
        platform: devicePlatform(),
        signal: abort.signal,
        sleep: (ms, signal) =>
          wakeableSleep(ms, signal, (wake) => {
            pollNow = wake;
          }),
        onCode: (code) => {
          login = {
            ...signedOutStatus,
            state: "pending",
            cloudUrl: cloud.baseUrl,
            userCode: code.userCode,
            verificationUri: code.verificationUri,
            verificationUriComplete: code.verificationUriComplete,
            expiresAt: new Date(Date.now() + code.expiresIn * 1000).toISOString(),
          };
        },
      });
      if (abort.signal.aborted) return;
      await closeLink();
      const next = open(credential);
      login = {
        ...signedOutStatus,
        state: "signed-in",
        cloudUrl: credential.cloudUrl,
        signedIn: identityOf(next),
      };
      deps.logger.info({ workspaceId: credential.workspaceId }, "signed in");
    } catch (error) {
      if (abort.signal.aborted) return;
      const code = isCloudError(error) ? error.code : "INTERNAL";
      const message = error instanceof Error ? error.message : String(error);
      login = { ...login, state: "failed", error: { code, message } };
      deps.logger.warn({ code }, "signing in failed");
    } finally {
      if (loginAbort === abort) {
        loginAbort = undefined;
        pollNow = undefined;
      }
    }
  }

  return {
    async start() {
      const credential = await deps.credentials.read();
      if (credential) open(credential);
    },
    link: () => link,
    cloudUrl: () => link?.cloudUrl ?? (login.state === "pending" ? (login.cloudUrl ?? undefined) : undefined),
    config: () => link?.config.current() ?? null,
    identity: () => (link ? identityOf(link) : null),
    linkStatus(): CloudLinkStatus {
      if (!link) return { state: "offline", reason: "not signed in (run multiclaw login)", lastSyncAt: null };
      const state = link.state();
      switch (state.status) {
        case "connected":
          return { state: "connected", reason: null, lastSyncAt: state.lastSyncAt };
        case "connecting":
          return { state: "reconnecting", reason: "connecting to the Cloud", lastSyncAt: state.lastSyncAt };
        case "reconnecting":
          return {
            state: "reconnecting",
            reason: `attempt ${state.attempt} failed (${state.lastError.code}); next try at ${state.nextRetryAt}`,
            lastSyncAt: state.lastSyncAt,
          };
        case "offline":
          return {
            state: "offline",
            reason: `${state.reason}: ${state.detail}`,
            lastSyncAt: state.lastSyncAt,
          };
      }
    },
    async startLogin(cloudUrl) {
      if (login.state === "pending" && loginAbort) return login;
      const baseUrl = (cloudUrl ?? link?.cloudUrl ?? deps.defaultCloudUrl).replace(/\/+$/, "");
      const abort = new AbortController();
      loginAbort = abort;
      login = { ...signedOutStatus, state: "pending", cloudUrl: baseUrl };
      const cloud = createCloudClient({ baseUrl, fetch: deps.fetch });
      // The device authorization, and its polls until approved, are the sign-in's connections.
      const started = within("device-login", () => runLogin(cloud, abort));
      // Answer once the code is known (or the attempt failed), so the CLI can show it at once.
      const deadline = Date.now() + 15_000;
      while (login.state === "pending" && login.userCode === null && Date.now() < deadline) {
        await Promise.race([started, new Promise((resolve) => setTimeout(resolve, 25))]);
      }
      return login;
    },
    loginStatus() {
      // Signed in from the stored credential, `login` never held a Cloud: the link knows it.
      if (link && login.state !== "pending") {
        return { ...login, state: "signed-in", cloudUrl: link.cloudUrl, signedIn: identityOf(link) };
      }
      // Signed out: the Cloud `multiclaw login` would sign in to, so the App can show and edit it.
      return login.cloudUrl === null ? { ...login, cloudUrl: deps.defaultCloudUrl } : login;
    },
    checkLogin() {
      pollNow?.();
      return this.loginStatus();
    },
    async logout() {
      loginAbort?.abort();
      login = signedOutStatus;
      const current = link;
      if (!current) {
        await deps.credentials.delete();
        return { revokedAtCloud: false };
      }
      const result = await current.logout();
      await closeLink();
      return { revokedAtCloud: result.revokedAtCloud };
    },
    onConfigChange(listener) {
      configListeners.add(listener);
      return () => configListeners.delete(listener);
    },
    onTaskEvent(listener) {
      taskListeners.add(listener);
      return () => taskListeners.delete(listener);
    },
    onLinkState(listener) {
      stateListeners.add(listener);
      return () => stateListeners.delete(listener);
    },
    onReady(listener) {
      readyListeners.add(listener);
      return () => readyListeners.delete(listener);
    },
    async close() {
      loginAbort?.abort();
      await closeLink();
    },
  };
}
