import type { AgentSummary, GatewayStatus } from "@multiclaw/protocol";
import { describe, expect, it } from "vitest";
import { summariseLinks } from "./link-status.ts";

const signedIn: GatewayStatus["signedIn"] = {
  account: { userId: `usr_${"a".repeat(26)}`, email: "ada@example.test", name: "Ada" },
  workspace: { workspaceId: `ws_${"b".repeat(26)}`, name: "Research" },
  instance: { instanceId: `ins_${"c".repeat(26)}`, name: "laptop" },
};

function agent(overrides: Partial<AgentSummary> = {}): AgentSummary {
  return {
    id: `agt_${"d".repeat(26)}`,
    name: "Writer",
    provider: "anthropic",
    model: "claude-sonnet-4-5",
    keyConfigured: true,
    mcpServers: [],
    ...overrides,
  };
}

function status(overrides: Partial<GatewayStatus> = {}): GatewayStatus {
  return {
    version: "0.1.0",
    pid: 42,
    startedAt: "2026-12-07T10:00:00.000Z",
    signedIn,
    cloudUrl: "http://127.0.0.1:4800",
    cloudLink: { state: "connected", reason: null, lastSyncAt: "2026-12-07T10:00:01.000Z" },
    agents: [agent()],
    ...overrides,
  };
}

describe("the status bar's summary", () => {
  it("says nothing is affected when both links are up and the agents have what they need", () => {
    const summary = summariseLinks({ ok: true, status: status() });
    expect(summary.gateway).toMatchObject({ tone: "good", label: "Gateway: connected" });
    expect(summary.cloud).toMatchObject({ tone: "good", label: "Cloud: connected" });
    expect(summary.affected).toBeNull();
  });

  it("says the gateway is not reachable, and that it keeps trying, when the page's poll gets no answer", () => {
    const summary = summariseLinks({ ok: false, code: "UNAVAILABLE", message: "no gateway answers" });
    expect(summary.gateway).toMatchObject({ tone: "bad", label: "Gateway not reachable" });
    expect(summary.cloud.tone).toBe("unknown");
    expect(summary.affected).toMatch(/^Retrying/);
  });

  it("tells the person to reopen the window when the gateway no longer knows its session", () => {
    const summary = summariseLinks({ ok: false, code: "AUTH_INVALID", message: "bad cookie" });
    expect(summary.gateway.label).toBe("Gateway: session ended");
    expect(summary.affected).toContain("open MultiClaw again from your terminal");
  });

  it("sends a gateway that is not signed in to the Account screen", () => {
    const summary = summariseLinks({
      ok: true,
      status: status({
        signedIn: null,
        cloudLink: { state: "offline", reason: "not signed in (run multiclaw login)", lastSyncAt: null },
      }),
    });
    expect(summary.cloud).toMatchObject({ tone: "bad", label: "Cloud: not signed in" });
    expect(summary.fixOnAccount).toBe(true);
    expect(summary.affected).toContain("Sign this gateway in");
  });

  it("says what waits while the Cloud link is offline or reconnecting, with the gateway's reason", () => {
    const offline = summariseLinks({
      ok: true,
      status: status({
        cloudLink: { state: "offline", reason: "revoked: instance revoked", lastSyncAt: null },
      }),
    });
    expect(offline.cloud).toEqual({
      tone: "bad",
      label: "Cloud: offline",
      detail: "revoked: instance revoked",
    });
    expect(offline.affected).toMatch(/^Offline: tasks from your team will wait/);

    const reconnecting = summariseLinks({
      ok: true,
      status: status({
        cloudLink: { state: "reconnecting", reason: "attempt 2 failed (UNAVAILABLE)", lastSyncAt: null },
      }),
    });
    expect(reconnecting.cloud.tone).toBe("busy");
    expect(reconnecting.affected).toMatch(/^Reconnecting/);
  });

  it("names agents without a key and MCP servers that failed", () => {
    const summary = summariseLinks({
      ok: true,
      status: status({
        agents: [
          agent({ keyConfigured: false }),
          agent({
            mcpServers: [
              { name: "files", transport: "stdio", state: "failed", toolCount: 0, reason: "exited 1" },
              { name: "web", transport: "http", state: "running", toolCount: 3, reason: null },
            ],
          }),
        ],
      }),
    });
    expect(summary.affected).toBe(
      "1 agent has no provider key and cannot answer; 1 MCP server failed; their tools are missing",
    );
  });
});
