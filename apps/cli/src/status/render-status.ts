import type {
  AgentSummary,
  CloudLinkStatus,
  GatewayStatus,
  McpServerStatus,
  UserSession,
} from "@multiclaw/protocol";
import type { Style } from "../chat/render-run-event.ts";
import { formatAgo } from "../connections/render-connections.ts";
import { plainTable } from "../plain-table.ts";
import { describeAccount, describeInstance, describeWorkspace } from "./describe-identity.ts";
import { describeSignedInUser, describeUserWorkspaces } from "./describe-user.ts";

/**
 * `multiclaw status`: the gateway, who it is signed in as (the device) and who as a user, its Cloud link and its
 * agents, as labelled lines.
 */

function describeLink(link: CloudLinkStatus, style: Style): string {
  const state =
    link.state === "connected"
      ? style.green("connected")
      : link.state === "reconnecting"
        ? style.yellow("reconnecting")
        : style.red("offline");
  return link.reason ? `${state}: ${link.reason}` : state;
}

function describeServer(server: McpServerStatus): string {
  const detail =
    server.state === "running"
      ? `running, ${server.toolCount} ${server.toolCount === 1 ? "tool" : "tools"}`
      : server.reason
        ? `${server.state}: ${server.reason}`
        : server.state;
  return `${server.name} (${detail})`;
}

function agentRows(agents: readonly AgentSummary[], style: Style): string[][] {
  return agents.map((agent) => [
    agent.name,
    `${agent.provider}/${agent.model}`,
    agent.keyConfigured ? style.green("yes") : style.red("missing"),
    agent.mcpServers.length > 0 ? agent.mcpServers.map(describeServer).join(", ") : "-",
  ]);
}

function userLines(user: UserSession, label: (name: string) => string, style: Style): string[] {
  if (user.state === "signed-out") {
    return [
      `${label("User")}${style.yellow("not signed in as a user")} (sign in with \`multiclaw login --user\`)`,
    ];
  }
  // No workspaces is also what a gateway knows while the Cloud cannot be asked: then say nothing about them.
  const workspaces =
    user.workspaces.length > 0 ? [`${label("")}workspaces: ${describeUserWorkspaces(user.workspaces)}`] : [];
  return [`${label("User")}${describeSignedInUser(user)}`, ...workspaces];
}

export function renderStatus(
  status: GatewayStatus,
  options: { apiOrigin: string; now: number; style: Style; user?: UserSession },
): string {
  const { style } = options;
  const label = (name: string) => style.bold(name.padEnd(11));
  const lines = [`${label("Gateway")}${status.version}, pid ${status.pid}, ${options.apiOrigin}`];
  const identity = status.signedIn;
  if (identity) {
    lines.push(
      `${label("Account")}${describeAccount(identity.account)}`,
      `${label("Workspace")}${describeWorkspace(identity.workspace)}`,
      `${label("Instance")}${describeInstance(identity.instance)}`,
    );
  } else {
    lines.push(`${label("Account")}${style.yellow("not signed in")} (sign in with \`multiclaw login\`)`);
  }
  if (options.user) lines.push(...userLines(options.user, label, style));
  lines.push(
    `${label("Cloud link")}${describeLink(status.cloudLink, style)}`,
    `${label("Last sync")}${formatAgo(status.cloudLink.lastSyncAt, options.now)}`,
    "",
  );
  if (status.agents.length === 0) {
    lines.push(`${label("Agents")}none yet (agents are set up in the Cloud and sync here)`);
  } else {
    lines.push(style.bold("Agents"));
    lines.push(plainTable(["NAME", "MODEL", "KEY", "MCP SERVERS"], agentRows(status.agents, style), "  "));
  }
  return lines.join("\n");
}
