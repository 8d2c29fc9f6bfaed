import type { GatewayStatus } from "@multiclaw/protocol";

/*
 * What the status bar says, from the gateway's last answer (or its failure to answer). Kept apart from React so
 * every state is checked by a test: the bar is where a person looks when something does not arrive.
 */

export type Tone = "good" | "busy" | "bad" | "unknown";

export interface LinkLine {
  tone: Tone;
  label: string;
  /** The longer why, for the tooltip. */
  detail: string | null;
}

export interface LinkSummary {
  gateway: LinkLine;
  cloud: LinkLine;
  /** What does not work right now, in the person's terms; null when everything does. */
  affected: string | null;
  /** The affected line is fixed on the Account screen (sign the gateway in). */
  fixOnAccount: boolean;
}

/** The page's last poll of the gateway: an answer, or why there was none (the client's stable code). */
export type GatewayPoll =
  | { ok: true; status: GatewayStatus }
  | { ok: false; code: string; message: string }
  | { ok: null };

const unknownCloud: LinkLine = { tone: "unknown", label: "Cloud: unknown", detail: null };

function unreachable(poll: { code: string; message: string }): LinkSummary {
  if (poll.code === "AUTH_REQUIRED" || poll.code === "AUTH_INVALID") {
    return {
      gateway: { tone: "bad", label: "Gateway: session ended", detail: poll.message },
      cloud: unknownCloud,
      affected: "This window's session with the gateway ended: open MultiClaw again from your terminal",
      fixOnAccount: false,
    };
  }
  if (poll.code === "UNAVAILABLE") {
    return {
      gateway: { tone: "bad", label: "Gateway not reachable", detail: poll.message },
      cloud: unknownCloud,
      affected: "Retrying… chats, agents and tasks wait until it answers again",
      fixOnAccount: false,
    };
  }
  return {
    gateway: { tone: "bad", label: "Gateway: error", detail: poll.message },
    cloud: unknownCloud,
    affected: `The gateway answered with ${poll.code}; retrying`,
    fixOnAccount: false,
  };
}

function cloudLine(status: GatewayStatus): LinkLine {
  const { cloudLink } = status;
  if (status.signedIn === null) {
    return { tone: "bad", label: "Cloud: not signed in", detail: cloudLink.reason };
  }
  switch (cloudLink.state) {
    case "connected":
      return { tone: "good", label: "Cloud: connected", detail: null };
    case "reconnecting":
      return { tone: "busy", label: "Cloud: reconnecting", detail: cloudLink.reason };
    case "offline":
      return { tone: "bad", label: "Cloud: offline", detail: cloudLink.reason };
  }
}

function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** What the agents lack, when the link itself is fine: keys, and MCP servers that failed. */
function agentTrouble(status: GatewayStatus): string | null {
  const keyless = status.agents.filter((agent) => !agent.keyConfigured);
  const failed = status.agents.flatMap((agent) =>
    agent.mcpServers.filter((server) => server.state === "failed"),
  );
  const parts: string[] = [];
  if (keyless.length > 0) {
    parts.push(`${plural(keyless.length, "agent has", "agents have")} no provider key and cannot answer`);
  }
  if (failed.length > 0) {
    parts.push(`${plural(failed.length, "MCP server", "MCP servers")} failed; their tools are missing`);
  }
  return parts.length > 0 ? parts.join("; ") : null;
}

/** The status bar's content for the page's last poll of the gateway. */
export function summariseLinks(poll: GatewayPoll): LinkSummary {
  if (poll.ok === null) {
    return {
      gateway: { tone: "unknown", label: "Gateway: connecting…", detail: null },
      cloud: unknownCloud,
      affected: null,
      fixOnAccount: false,
    };
  }
  if (!poll.ok) return unreachable(poll);
  const { status } = poll;
  const gateway: LinkLine = {
    tone: "good",
    label: "Gateway: connected",
    detail: `version ${status.version}`,
  };
  const cloud = cloudLine(status);
  if (status.signedIn === null) {
    return {
      gateway,
      cloud,
      affected: "Sign this gateway in to receive your team's tasks and sync agents and keys",
      fixOnAccount: true,
    };
  }
  if (cloud.tone === "bad") {
    return {
      gateway,
      cloud,
      affected: "Offline: tasks from your team will wait, and changes to agents and keys arrive once back",
      fixOnAccount: false,
    };
  }
  if (cloud.tone === "busy") {
    return {
      gateway,
      cloud,
      affected: "Reconnecting: tasks from your team wait until the link is back",
      fixOnAccount: false,
    };
  }
  return { gateway, cloud, affected: agentTrouble(status), fixOnAccount: false };
}
