import {
  type CloudClient,
  CloudError,
  createCloudClient,
  createRefreshingTokenSource,
  type FetchFunction,
  isCloudError,
  type RefreshingTokenSource,
} from "@multiclaw/cloud-client";
import {
  cloudRoutes,
  MeResponse,
  PROTOCOL_HEADER,
  PROTOCOL_VERSION,
  type SignedInUser,
  type SignInResponse,
  type UserAccount,
  type UserSession as UserSessionAnswer,
  type UserSignInRequest,
  type UserSignOutResult,
  type UserSignUpRequest,
  type UserWorkspace,
} from "@multiclaw/protocol";
import type { Logger } from "pino";
import { type UserSessionFile, UserSessionFileError, type UserSessionStore } from "../credentials/index.ts";
import { type AccessTokenInHand, refreshTimeOf, startingWith } from "./first-access-token.ts";
import {
  type CloudForwardAnswer,
  type CloudForwardRequest,
  problemCodeOf,
  sendToCloud,
} from "./user-cloud-forward.ts";

/*
 * The user session: a person signed in to the gateway's Cloud as themselves, so the terminal and the App can
 * act as that user through the gateway without ever holding the user's tokens. Apart from the device
 * credential: the gateway's Cloud link never uses it, and it never uses the device's.
 *
 * The refresh token lives in the user session file (0600); access tokens only in memory. The Cloud rotates the
 * refresh token on every refresh, so the refreshing token source saves the new one before it uses it, and runs
 * one refresh at a time (concurrent callers share it): presenting a spent refresh token ends the session.
 */

/** What the CLI says to do when no user is signed in. */
export const SIGN_IN_AS_USER = "sign in as a user first: `multiclaw login`";

/** A refusal of the user session, with a stable code (the local API answers it as a problem document). */
export class UserSessionError extends Error {
  constructor(
    readonly code: "AUTH_REQUIRED" | "CONFLICT",
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "UserSessionError";
  }
}

export interface UserSessionDeps {
  store: UserSessionStore;
  /** Goes through the egress guard: the Cloud's API is the `cloud-api` row. */
  fetch: FetchFunction;
  /** The Cloud the gateway itself is signed in to (or signing in to); undefined when it is signed out. */
  gatewayCloudUrl(): string | undefined;
  /** The Cloud to sign in to when neither the request nor the gateway names one. */
  defaultCloudUrl: string;
  logger: Logger;
  /** How long `GET /v1/user` waits for the Cloud before answering from what it knows; 5 s by default. */
  meTimeoutMs?: number;
}

export interface UserSession {
  /** Picks up the session file a previous run left, if any (no network). */
  start(): Promise<void>;
  /** The Cloud the user is signed in to, or signing in to; undefined otherwise (for the egress rows). */
  cloudUrl(): string | undefined;
  /** Who is signed in, with their workspaces as the Cloud's `me` says now (as last known when offline). */
  current(): Promise<UserSessionAnswer>;
  /** Signs in with email and password; the Cloud's refusal is thrown as a CloudError with its code. */
  signIn(request: UserSignInRequest): Promise<SignedInUser>;
  /** Creates the account at the Cloud and signs in as it; EMAIL_TAKEN and the like come as CloudErrors. */
  signUp(request: UserSignUpRequest): Promise<SignedInUser>;
  /** Signs out at the Cloud (when it can be reached) and deletes the session file either way. */
  signOut(): Promise<UserSignOutResult>;
  /**
   * Sends a request to the Cloud as the user: the access token is refreshed when it is due or the Cloud calls
   * it expired (the call is then retried once). Throws AUTH_REQUIRED when no user is signed in or the Cloud
   * refused the refresh token (the session then ends and its file is deleted).
   */
  forward(request: CloudForwardRequest): Promise<CloudForwardAnswer>;
  /**
   * An access token of the user, for the Cloud's event stream (which takes it in its first frame, so it cannot
   * be forwarded). Throws as `forward` does when no user is signed in.
   */
  accessToken(): Promise<string>;
  /** The Cloud refused `refused` as expired: a fresh token (one refresh, shared with concurrent callers). */
  renewAccessToken(refused: string): Promise<string>;
  close(): void;
}

interface LiveSession {
  cloudUrl: string;
  account: UserAccount;
  tokens: RefreshingTokenSource;
  /** As the Cloud last listed them. */
  workspaces: UserWorkspace[];
}

const DEFAULT_ME_TIMEOUT_MS = 5000;
const SIGN_OUT_TIMEOUT_MS = 10_000;

/** Answers the Cloud gives an access token that a refresh may cure (expired, or its session revoked). */
const refreshableRefusals = new Set(["AUTH_EXPIRED", "AUTH_INVALID"]);

function withoutTrailingSlash(url: string): string {
  return url.replace(/\/+$/, "");
}

function workspacesOf(listed: readonly { id: string; name: string; role: UserWorkspace["role"] }[]) {
  return listed.map((workspace) => ({
    workspaceId: workspace.id,
    name: workspace.name,
    role: workspace.role,
  }));
}

/**
 * @example
 * const user = createUserSession({ store, fetch: guardedFetch, gatewayCloudUrl: () => session.cloudUrl(),
 *   defaultCloudUrl, logger });
 * await user.start();
 * const agents = await user.forward({ method: "GET", target: `/v1/workspaces/${id}/agents`, headers: {} });
 */
export function createUserSession(deps: UserSessionDeps): UserSession {
  let live: LiveSession | null = null;
  let signingInTo: string | undefined;

  function open(file: UserSessionFile, first?: AccessTokenInHand): LiveSession {
    let onDisk = file.refreshToken;
    const tokens = createRefreshingTokenSource({
      client: createCloudClient({ baseUrl: file.cloudUrl, fetch: deps.fetch }),
      refreshToken: file.refreshToken,
      async persistRefreshToken(rotated) {
        if (!(await deps.store.replaceRefreshToken(onDisk, rotated))) {
          throw new UserSessionError("AUTH_REQUIRED", `the user session was signed out; ${SIGN_IN_AS_USER}`);
        }
        onDisk = rotated;
      },
    });
    return {
      cloudUrl: file.cloudUrl,
      account: file.account,
      tokens: first ? startingWith(tokens, first) : tokens,
      workspaces: [],
    };
  }

  async function end(session: LiveSession, why: CloudError): Promise<void> {
    session.tokens.end(why);
    if (live !== session) return;
    live = null;
    await deps.store.delete();
    deps.logger.info(
      { code: why.code },
      "the Cloud refused the user's refresh token; the user session ended",
    );
  }

  function requireLive(): LiveSession {
    if (!live)
      throw new UserSessionError(
        "AUTH_REQUIRED",
        `No user is signed in through this gateway; ${SIGN_IN_AS_USER}`,
      );
    const gatewayCloud = deps.gatewayCloudUrl();
    if (gatewayCloud !== undefined && withoutTrailingSlash(gatewayCloud) !== live.cloudUrl) {
      throw new UserSessionError(
        "CONFLICT",
        `The user is signed in to ${live.cloudUrl}, but this gateway to ${gatewayCloud}; sign in again as a ` +
          "user of the gateway's Cloud: `multiclaw logout --user`, then `multiclaw login --user`",
      );
    }
    return live;
  }

  /** An access token of the session; a refusal of its refresh token ends the session. */
  async function tokenOf(session: LiveSession, get: () => Promise<string>): Promise<string> {
    try {
      return await get();
    } catch (error) {
      if (live !== session) {
        // Signed out, or replaced by another sign-in, while this call waited for its token.
        throw new UserSessionError(
          "AUTH_REQUIRED",
          `No user is signed in through this gateway; ${SIGN_IN_AS_USER}`,
          {
            cause: error,
          },
        );
      }
      const ended = session.tokens.ended();
      if (ended) {
        await end(session, ended);
        throw new UserSessionError(
          "AUTH_REQUIRED",
          `The Cloud ended the user session (${ended.code}): ${SIGN_IN_AS_USER}`,
          { cause: error },
        );
      }
      throw error;
    }
  }

  async function asUser(
    session: LiveSession,
    request: CloudForwardRequest,
    timeoutMs?: number,
  ): Promise<CloudForwardAnswer> {
    const token = await tokenOf(session, () => session.tokens.accessToken());
    const answer = await sendToCloud(deps.fetch, session.cloudUrl, request, token, timeoutMs);
    if (answer.status !== 401 || !refreshableRefusals.has(problemCodeOf(answer) ?? "")) return answer;
    const fresh = await tokenOf(session, () => session.tokens.expired(token));
    return sendToCloud(deps.fetch, session.cloudUrl, request, fresh, timeoutMs);
  }

  function signedIn(session: LiveSession): SignedInUser {
    return {
      state: "signed-in",
      cloudUrl: session.cloudUrl,
      account: session.account,
      workspaces: session.workspaces,
    };
  }

  /** Asks the Cloud who the user is now; keeps what it knew when the Cloud cannot say. */
  async function refreshFromMe(session: LiveSession): Promise<void> {
    const answer = await asUser(
      session,
      {
        method: "GET",
        target: cloudRoutes.me.path,
        headers: { accept: "application/json", [PROTOCOL_HEADER]: String(PROTOCOL_VERSION) },
      },
      deps.meTimeoutMs ?? DEFAULT_ME_TIMEOUT_MS,
    );
    if (answer.status !== 200) {
      deps.logger.warn({ status: answer.status, code: problemCodeOf(answer) }, "the Cloud's me route failed");
      return;
    }
    const me = MeResponse.parse(JSON.parse(new TextDecoder().decode(answer.body)));
    session.account = { userId: me.user.id, email: me.user.email, name: me.user.name };
    session.workspaces = workspacesOf(me.workspaces);
  }

  async function revokeAtCloud(cloudUrl: string, refreshToken: string): Promise<boolean> {
    try {
      await createCloudClient({ baseUrl: cloudUrl, fetch: deps.fetch, timeoutMs: SIGN_OUT_TIMEOUT_MS }).call(
        "signOut",
        { body: { refreshToken } },
      );
      return true;
    } catch (error) {
      deps.logger.warn(
        { code: isCloudError(error) ? error.code : "INTERNAL" },
        "could not sign the user out at the Cloud; the session is deleted from this machine anyway",
      );
      return false;
    }
  }

  /** The Cloud a user signs in or up at: the gateway's own while it is signed in, else the one named, else the default. */
  function cloudToEnter(requestedUrl: string | undefined): string {
    const gatewayCloud = deps.gatewayCloudUrl();
    const requested = requestedUrl === undefined ? undefined : withoutTrailingSlash(requestedUrl);
    if (
      gatewayCloud !== undefined &&
      requested !== undefined &&
      requested !== withoutTrailingSlash(gatewayCloud)
    ) {
      throw new UserSessionError(
        "CONFLICT",
        `This gateway is signed in to ${gatewayCloud}; a user signs in to that Cloud (leave out the Cloud URL)`,
      );
    }
    return withoutTrailingSlash(requested ?? gatewayCloud ?? deps.defaultCloudUrl);
  }

  /**
   * Signs in (or up) at the Cloud through the egress guard and keeps the session it answers: the refresh token
   * in the file, the access token in memory. A previous user's session ends, and is revoked at its Cloud.
   */
  async function enter(
    how: "signed in" | "signed up",
    requestedUrl: string | undefined,
    ask: (cloud: CloudClient) => Promise<{ body: SignInResponse | null; headers: Headers }>,
  ): Promise<SignedInUser> {
    const cloudUrl = cloudToEnter(requestedUrl);
    signingInTo = cloudUrl;
    try {
      const answer = await ask(createCloudClient({ baseUrl: cloudUrl, fetch: deps.fetch }));
      const receivedAt = Date.now();
      if (!answer.body) throw new CloudError("INTERNAL", `${how}: the Cloud answered without tokens`);
      const { user, tokens, workspaces } = answer.body;
      const file: UserSessionFile = {
        version: 1,
        cloudUrl,
        account: { userId: user.id, email: user.email, name: user.name },
        refreshToken: tokens.refreshToken,
        savedAt: new Date(receivedAt).toISOString(),
      };
      const previous = live;
      await deps.store.write(file);
      const session = open(file, {
        token: tokens.accessToken,
        refreshAt: refreshTimeOf(tokens.accessTokenExpiresAt, answer.headers.get("date"), receivedAt),
      });
      session.workspaces = workspacesOf(workspaces);
      live = session;
      if (previous) {
        previous.tokens.end(new CloudError("AUTH_REQUIRED", "another user signed in"));
        void revokeAtCloud(previous.cloudUrl, previous.tokens.refreshToken());
      }
      deps.logger.info({ userId: user.id }, `a user ${how}`);
      return signedIn(session);
    } finally {
      signingInTo = undefined;
    }
  }

  return {
    async start() {
      try {
        const file = await deps.store.read();
        if (file) live = open(file);
      } catch (error) {
        if (!(error instanceof UserSessionFileError)) throw error;
        // The message names the file and the fix (chmod, or sign in again), never the token.
        deps.logger.warn({ problem: error.problem }, `the user session cannot be used: ${error.message}`);
      }
    },

    cloudUrl: () => live?.cloudUrl ?? signingInTo,

    async current() {
      const session = live;
      if (!session) return { state: "signed-out" };
      try {
        await refreshFromMe(session);
      } catch (error) {
        if (error instanceof UserSessionError) return { state: "signed-out" };
        deps.logger.debug(
          { code: isCloudError(error) ? error.code : undefined },
          "the Cloud did not say who",
        );
      }
      return live === session ? signedIn(session) : { state: "signed-out" };
    },

    signIn: (request) =>
      enter("signed in", request.cloudUrl, (cloud) =>
        cloud.exchange("signIn", { body: { email: request.email, password: request.password } }),
      ),

    signUp: (request) =>
      enter("signed up", request.cloudUrl, (cloud) =>
        cloud.exchange("signUp", {
          body: { email: request.email, password: request.password, name: request.name },
        }),
      ),

    async signOut() {
      const session = live;
      live = null;
      // Deleted first: whatever happens at the Cloud, the refresh token is gone from this machine.
      await deps.store.delete();
      if (!session) return { revokedAtCloud: false };
      const refreshToken = session.tokens.refreshToken();
      session.tokens.end(new CloudError("AUTH_REQUIRED", "signed out"));
      const revokedAtCloud = await revokeAtCloud(session.cloudUrl, refreshToken);
      deps.logger.info({ revokedAtCloud }, "the user signed out");
      return { revokedAtCloud };
    },

    async forward(request) {
      return asUser(requireLive(), request);
    },

    async accessToken() {
      const session = requireLive();
      return tokenOf(session, () => session.tokens.accessToken());
    },

    async renewAccessToken(refused) {
      const session = requireLive();
      return tokenOf(session, () => session.tokens.expired(refused));
    },

    close() {
      live?.tokens.end(new CloudError("UNAVAILABLE", "the gateway is stopping"));
    },
  };
}
