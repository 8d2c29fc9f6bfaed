import { resolveInventory } from "@multiclaw/egress";
import { createConnectionLedger } from "@multiclaw/egress/node";
import type {
  AgentSummary,
  ApprovalGrant,
  ApprovalRequest,
  Conversation,
  LoginStatus,
  Message,
  Plan,
  Run,
  RunEvent,
  RunEventBody,
  RunState,
  SignedInIdentity,
  SignedInUser,
  UserSession,
} from "@multiclaw/protocol";
import { terminalRunStates } from "@multiclaw/protocol";
import { monotonicFactory } from "ulid";
import { createUpdateChecker } from "../updates/update-checker.ts";
import { createConnectionControl } from "./connection-control.ts";
import type { LocalApiDeps } from "./local-api-deps.ts";
import {
  createManualFollowedWorkspace,
  createManualWorkspaceFeed,
  type ManualFollowedWorkspace,
  type ManualWorkspaceFeed,
} from "./test-workspace-feed.ts";

/*
 * An in-memory gateway behind the LocalApiDeps interface, for the tests of the HTTP and WebSocket layer (auth,
 * guards, validation, error shapes, replay and live ordering). The engine and the store are stood in for here
 * because these tests are about the API, not about them; the connection rows come from the real inventory and
 * ledger. Like the real engine, every event is stored before it is announced.
 */

const nextUlid = monotonicFactory();
export const newId = (prefix: string) => `${prefix}_${nextUlid().toLowerCase()}`;

/** A failure carrying a stable code, as the engine throws them. */
export class CodedError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export interface FakeGateway {
  deps: LocalApiDeps;
  /** The Cloud task events the stream relays; signed out until the test says otherwise. */
  workspaceFeed: ManualWorkspaceFeed;
  /** The workspaces a stream connection named, each as followed for it (the newest per workspace). */
  followed: Map<string, ManualFollowedWorkspace>;
  agents: AgentSummary[];
  /** Stores an event of a run, then announces it to the live listeners. */
  append(runId: string, body?: RunEventBody): Promise<RunEvent>;
  /** Stores an event without announcing it (announce it later, in any order). */
  store(runId: string, body?: RunEventBody): RunEvent;
  announce(event: RunEvent): void;
  /** Puts a proposed plan on a run (state awaiting-plan-approval). */
  proposePlan(runId: string): Promise<Plan>;
  /** Pauses a run on a tool call. */
  requestApproval(runId: string): Promise<ApprovalRequest>;
  addGrant(grant: ApprovalGrant): void;
  /** Turns of the event loop each store read of events waits, so live events land mid-read. */
  readDelayTurns: number;
  /** Runs once, inside the next read of events: after the read has taken its snapshot, before it answers. */
  duringNextRead: (() => Promise<unknown>) | null;
  /** Events stored per run. */
  events: Map<string, RunEvent[]>;
  listenerCount(): number;
  /** Makes the next call of the named dependency throw this. */
  failNext(operation: "agents" | "startRun", error: Error): void;
  /** Where signing in stands; `startLogin` makes it pending, `approveLogin` signs in. */
  login: LoginStatus;
  approveLogin(): void;
  /**
   * The user session; `signInUser` signs Ada in (any password but "wrong"), `signUpUser` signs the new name in
   * (EMAIL_TAKEN for the email already signed in), `signOutUser` signs out.
   */
  user: UserSession;
}

const now = () => new Date().toISOString();

const noSkills = () => Promise.reject(new CodedError("UNAVAILABLE", "this fake gateway keeps no skills"));
const skillsUnavailable: LocalApiDeps["skills"] = {
  list: async () => [],
  show: noSkills,
  import: noSkills,
  approve: noSkills,
  enable: noSkills,
  disable: noSkills,
  remove: noSkills,
  sweep: async () => {},
};

const signedOut: LoginStatus = {
  state: "signed-out",
  cloudUrl: null,
  userCode: null,
  verificationUri: null,
  verificationUriComplete: null,
  expiresAt: null,
  error: null,
  signedIn: null,
};

const identity: SignedInIdentity = {
  account: { userId: newId("usr"), email: "ada@example.test", name: "Ada" },
  workspace: { workspaceId: newId("ws"), name: "Research" },
  instance: { instanceId: newId("ins"), name: "laptop" },
};

export function createFakeGateway(): FakeGateway {
  const agents: AgentSummary[] = [
    {
      id: newId("agt"),
      name: "Researcher",
      provider: "anthropic",
      model: "claude-test",
      keyConfigured: true,
      mcpServers: [{ name: "files", transport: "stdio", state: "running", toolCount: 3, reason: null }],
    },
    {
      id: newId("agt"),
      name: "Coder",
      provider: "openai",
      model: "gpt-test",
      keyConfigured: false,
      mcpServers: [],
    },
  ];
  const conversations = new Map<string, Conversation>();
  const messages: Message[] = [];
  const runs = new Map<string, Run>();
  const events = new Map<string, RunEvent[]>();
  const plans = new Map<string, Plan>();
  const approvals = new Map<string, ApprovalRequest & { decision: "approve" | "deny" | null }>();
  const grants: ApprovalGrant[] = [];
  const listeners = new Set<(event: RunEvent) => void>();
  const failures = new Map<string, Error>();

  const inventory = resolveInventory({
    cloudApiUrl: "http://127.0.0.1:4800",
    mcpServers: [{ name: "files" }],
  });
  const ledger = createConnectionLedger();
  ledger
    .open({
      rowId: "cloud-api",
      host: "127.0.0.1",
      port: 4800,
      cause: { kind: "feature", feature: "config-sync", detail: null },
    })
    .close({ bytesIn: 1200, bytesOut: 300 });
  ledger.blocked({
    rowId: "llm-openai",
    host: "api.openai.com",
    port: 443,
    reason: "no key configured for openai",
    cause: { kind: "run", runId: newId("run"), agentId: agents[0]?.id, conversationId: null },
  });
  const blocked = new Set<string>();

  function failIfAsked(operation: string): void {
    const failure = failures.get(operation);
    if (!failure) return;
    failures.delete(operation);
    throw failure;
  }

  const fake: FakeGateway = {
    agents,
    events,
    workspaceFeed: createManualWorkspaceFeed(),
    followed: new Map(),
    readDelayTurns: 0,
    duringNextRead: null,
    listenerCount: () => listeners.size,
    failNext: (operation, error) => failures.set(operation, error),
    store(runId, body = { type: "text-delta", messageId: newId("msg"), delta: "x" }) {
      const list = events.get(runId) ?? [];
      events.set(runId, list);
      const event: RunEvent = { runId, seq: list.length + 1, at: now(), event: body };
      list.push(event);
      return event;
    },
    announce(event) {
      for (const listener of listeners) listener(event);
    },
    async append(runId, body) {
      const event = fake.store(runId, body);
      // Durable first, announced after: the order the real store and engine keep.
      await Promise.resolve();
      fake.announce(event);
      return event;
    },
    async proposePlan(runId) {
      const plan: Plan = {
        id: newId("plan"),
        runId,
        status: "proposed",
        steps: [{ number: 1, title: "Read the files", detail: "", delegateTo: null }],
        edited: false,
        createdAt: now(),
        decidedAt: null,
      };
      plans.set(runId, plan);
      await setRunState(runId, "awaiting-plan-approval");
      await fake.append(runId, { type: "plan-proposed", plan });
      return plan;
    },
    async requestApproval(runId) {
      const approval: ApprovalRequest = {
        id: newId("apr"),
        runId,
        toolCallId: "call-1",
        tool: "shell.run",
        input: { command: "ls" },
        reason: "always",
        createdAt: now(),
      };
      approvals.set(approval.id, { ...approval, decision: null });
      await setRunState(runId, "awaiting-tool-approval");
      await fake.append(runId, { type: "approval-requested", approval });
      return approval;
    },
    addGrant: (grant) => grants.push(grant),
    deps: undefined as unknown as LocalApiDeps,
    login: signedOut,
    approveLogin() {
      fake.login = { ...signedOut, state: "signed-in", cloudUrl: fake.login.cloudUrl, signedIn: identity };
    },
    user: { state: "signed-out" },
  };

  function keepUser(email: string, name: string, cloudUrl: string | undefined): SignedInUser {
    const signedIn = {
      state: "signed-in" as const,
      cloudUrl: cloudUrl ?? fake.login.cloudUrl ?? "http://127.0.0.1:4800",
      account: { userId: identity.account.userId, email, name },
      workspaces: [{ workspaceId: identity.workspace.workspaceId, name: "Research", role: "owner" as const }],
    };
    fake.user = signedIn;
    return signedIn;
  }

  async function setRunState(runId: string, state: RunState): Promise<void> {
    const run = runs.get(runId);
    if (!run) throw new CodedError("NOT_FOUND", "No such run");
    runs.set(runId, { ...run, state, updatedAt: now() });
    await fake.append(runId, { type: "run-state", state, error: null });
  }

  async function readTurns(): Promise<void> {
    for (let turn = 0; turn < fake.readDelayTurns; turn += 1) {
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  fake.deps = {
    gateway: { version: "0.1.0-test", pid: process.pid, startedAt: "2026-01-01T00:00:00.000Z" },
    cloud: () => ({
      signedIn: null,
      cloudUrl: "http://127.0.0.1:4800",
      link: { state: "offline", reason: "not signed in", lastSyncAt: null },
    }),
    async agents() {
      failIfAsked("agents");
      return agents;
    },
    mcpServers: {
      // Stood in like the engine: a restarted server of a known agent comes back running with its tools.
      async restart(agentId, name) {
        const server = agents.find((agent) => agent.id === agentId)?.mcpServers.find((s) => s.name === name);
        if (!server) return undefined;
        Object.assign(server, { state: "running", reason: null });
        return server;
      },
    },
    engine: {
      async startRun(input) {
        failIfAsked("startRun");
        const agent = agents.find((candidate) => candidate.id === input.agentId);
        if (!agent) throw new CodedError("NOT_FOUND", "No such agent");
        let conversation = input.conversationId ? conversations.get(input.conversationId) : undefined;
        if (!conversation) {
          conversation = {
            id: newId("conv"),
            agentId: agent.id,
            title: input.text.slice(0, 40),
            createdAt: now(),
            updatedAt: now(),
          };
          conversations.set(conversation.id, conversation);
        }
        const run: Run = {
          id: newId("run"),
          conversationId: conversation.id,
          agentId: agent.id,
          mode: input.mode,
          taskId: null,
          parentRunId: null,
          state: input.mode === "task" ? "planning" : "running",
          usage: { inputTokens: 0, outputTokens: 0, totalTokens: 0 },
          error: null,
          createdAt: now(),
          updatedAt: now(),
        };
        runs.set(run.id, run);
        messages.push({
          id: newId("msg"),
          conversationId: conversation.id,
          runId: run.id,
          role: "user",
          parts: [{ type: "text", text: input.text }],
          createdAt: now(),
        });
        await fake.append(run.id, { type: "run-state", state: run.state, error: null });
        return run;
      },
      async decidePlan(runId, decision) {
        const plan = plans.get(runId);
        if (!runs.has(runId)) throw new CodedError("NOT_FOUND", "No such run");
        if (plan?.status !== "proposed") throw new CodedError("CONFLICT", "No plan awaits a decision");
        const decided: Plan = {
          ...plan,
          status: decision.decision === "reject" ? "rejected" : "approved",
          steps: decision.decision === "edit" ? decision.steps : plan.steps,
          edited: decision.decision === "edit",
          decidedAt: now(),
        };
        plans.set(runId, decided);
        await fake.append(runId, { type: "plan-decided", plan: decided });
        await setRunState(runId, decision.decision === "reject" ? "rejected" : "running");
        return decided;
      },
      async decideApproval(approvalId, decision) {
        const approval = approvals.get(approvalId);
        if (!approval) throw new CodedError("NOT_FOUND", "No such approval");
        if (approval.decision) throw new CodedError("CONFLICT", "Already decided");
        approval.decision = decision.decision;
        await fake.append(approval.runId, {
          type: "approval-decided",
          approvalId,
          decision: decision.decision,
          scope: decision.decision === "approve" ? decision.scope : null,
        });
      },
      async cancel(runId) {
        const run = runs.get(runId);
        if (!run) throw new CodedError("NOT_FOUND", "No such run");
        if (!["completed", "failed", "cancelled", "rejected", "interrupted"].includes(run.state)) {
          await setRunState(runId, "cancelled");
        }
        return runs.get(runId) ?? run;
      },
      // Like the store's: without a run, the agent's grants that are not tied to one.
      listGrants: async ({ agentId, runId }) =>
        grants.filter(
          (grant) => grant.agentId === agentId && (grant.runId === null || grant.runId === runId),
        ),
      async revokeGrant(target) {
        const index = grants.findIndex(
          (grant) =>
            grant.agentId === target.agentId &&
            grant.tool === target.tool &&
            grant.scope === target.scope &&
            grant.runId === target.runId,
        );
        if (index >= 0) grants.splice(index, 1);
      },
      subscribe(listener) {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
    },
    store: {
      getConversation: async (id) => conversations.get(id),
      listConversations: async ({ agentId, limit }) =>
        [...conversations.values()]
          .filter((conversation) => !agentId || conversation.agentId === agentId)
          .reverse()
          .slice(0, limit),
      listMessages: async (conversationId) =>
        messages.filter((message) => message.conversationId === conversationId),
      getRun: async (id) => runs.get(id),
      listRuns: async ({ conversationId, states, limit }) =>
        [...runs.values()]
          .filter((run) => !conversationId || run.conversationId === conversationId)
          .filter((run) => !states || states.includes(run.state))
          .reverse()
          .slice(0, limit),
      async listEvents(runId, afterSeq, limit) {
        // Read at the start, returned after the delay: what a query that raced concurrent appends would see.
        const snapshot = (events.get(runId) ?? []).filter((event) => event.seq > afterSeq).slice(0, limit);
        const during = fake.duringNextRead;
        fake.duringNextRead = null;
        await during?.();
        await readTurns();
        return snapshot;
      },
      getPlan: async (runId) => plans.get(runId),
      listApprovals: async ({ runId }) =>
        [...approvals.values()].filter((approval) => approval.runId === runId && approval.decision === null),
      // Conversation admin, roughly: the real store's search, rename and delete are tested over HTTP on
      // SQLite (conversation-admin-http.test.ts); here only a title's or a message's plain substring matches.
      async searchConversations(query, limit) {
        const wanted = query.toLowerCase();
        return [...conversations.values()]
          .reverse()
          .filter((conversation) => conversation.title.toLowerCase().includes(wanted))
          .slice(0, limit)
          .map((conversation) => ({
            conversation,
            messageId: null,
            snippet: { text: conversation.title, highlights: [] },
          }));
      },
      async renameConversation(id, title) {
        const conversation = conversations.get(id);
        if (!conversation) throw new CodedError("NOT_FOUND", "No such conversation");
        const renamed = { ...conversation, title };
        conversations.set(id, renamed);
        return renamed;
      },
      async deleteConversation(id) {
        if (!conversations.has(id)) throw new CodedError("NOT_FOUND", "No such conversation");
        const own = [...runs.values()].filter((run) => run.conversationId === id);
        if (own.some((run) => !terminalRunStates.includes(run.state))) {
          throw new CodedError("CONFLICT", "A run of this conversation is still active");
        }
        for (const run of own) runs.delete(run.id);
        conversations.delete(id);
      },
    },
    session: {
      async startLogin(cloudUrl) {
        if (fake.login.state !== "pending") {
          const origin = cloudUrl ?? "http://127.0.0.1:4800";
          fake.login = {
            ...signedOut,
            state: "pending",
            cloudUrl: origin,
            userCode: "WDJB-MJHT",
            verificationUri: `${origin}/device`,
            verificationUriComplete: `${origin}/device?code=WDJB-MJHT`,
            expiresAt: new Date(Date.now() + 600_000).toISOString(),
          };
        }
        return fake.login;
      },
      loginStatus: () => fake.login,
      checkLogin: () => fake.login,
      async logout() {
        const wasSignedIn = fake.login.state === "signed-in";
        fake.login = signedOut;
        return { revokedAtCloud: wasSignedIn };
      },
    },
    user: {
      current: async () => fake.user,
      async signIn({ email, password, cloudUrl }) {
        if (password === "wrong") throw new CodedError("AUTH_INVALID", "Wrong email or password");
        return keepUser(email, "Ada", cloudUrl);
      },
      async signUp({ email, name, cloudUrl }) {
        if (fake.user.state === "signed-in" && fake.user.account.email === email) {
          throw new CodedError("EMAIL_TAKEN", "An account with this email already exists; sign in instead");
        }
        return keepUser(email, name, cloudUrl);
      },
      async signOut() {
        const wasSignedIn = fake.user.state === "signed-in";
        fake.user = { state: "signed-out" };
        return { revokedAtCloud: wasSignedIn };
      },
      async forward() {
        if (fake.user.state === "signed-out")
          throw new CodedError("AUTH_REQUIRED", "sign in as a user first");
        throw new CodedError("UNAVAILABLE", "this fake gateway has no Cloud to forward to");
      },
    },
    // The link-preview and favicon routes are tested against their real services and stand-ins
    // (favicon-handler.test.ts, link-preview-handlers.test.ts); this gateway has neither.
    linkPreviews: {
      preview: async (url) => ({
        state: "unavailable",
        url,
        reason: "failed",
        message: "this fake gateway has no link-preview service",
      }),
    },
    favicons: {
      icon: async () => ({
        found: false,
        reason: "failed",
        message: "this fake gateway has no favicon service",
      }),
    },
    // The real checker with no network under it: checks answer "unreachable". The check itself is tested
    // against a stand-in update server (updates/update-checker.test.ts, local-api/update-handlers.test.ts).
    updates: createUpdateChecker({
      fetch: async () => {
        throw new TypeError("fetch failed", { cause: new Error("this fake gateway has no network") });
      },
      openRow: () => () => {},
      settings: {
        baseUrl: "https://cdn.multiclaw.io/updates/v1",
        channel: "stable",
        os: "linux",
        checkAtStart: false,
      },
      installedVersion: "0.1.0",
      trustedKeys: [],
      installation: { method: "other", root: undefined },
      now: () => new Date(),
    }),
    // Skills live in files and the store; their routes are tested against the real library over a temp
    // directory (local-api/skill-handlers.test.ts), which a test puts in `fake.deps.skills`.
    skills: skillsUnavailable,
    workspaceFeed: fake.workspaceFeed,
    followWorkspace(workspaceId) {
      const followed = createManualFollowedWorkspace(workspaceId);
      fake.followed.set(workspaceId, followed);
      return followed;
    },
    connections: createConnectionControl({
      rows: () => inventory,
      summary: () => ledger.summary(inventory),
      blocked: {
        has: (rowId) => blocked.has(rowId),
        block: (rowId) => blocked.add(rowId),
        unblock: (rowId) => blocked.delete(rowId),
      },
      ledger,
    }),
  };
  return fake;
}
