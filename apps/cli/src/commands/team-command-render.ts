import type { Instance, Member, Presence } from "@multiclaw/protocol";
import pc from "picocolors";
import { formatAgo } from "../connections/render-connections.ts";
import { renderTable } from "../workspace/workspace-table.ts";

/** `multiclaw team list`: who is in the workspace, with which role, and which of their machines are online. */

const presenceColour: Record<Presence, (text: string) => string> = {
  connected: pc.green,
  stale: pc.yellow,
  offline: pc.dim,
};

function describeInstance(instance: Instance, options: { colour: boolean; now: number }): string {
  const seen =
    instance.presence === "connected" ? "" : `, seen ${formatAgo(instance.lastSeenAt, options.now)}`;
  const presence = `${instance.presence}${seen}`;
  return `${instance.name} (${options.colour ? presenceColour[instance.presence](presence) : presence})`;
}

export function renderTeam(
  members: readonly Member[],
  instances: readonly Instance[],
  options: { colour: boolean; now: number },
): string {
  return renderTable(
    ["NAME", "EMAIL", "ROLE", "JOINED", "INSTANCES"],
    members.map((member) => {
      const own = instances.filter((instance) => instance.userId === member.userId);
      return [
        member.name,
        member.email,
        member.role,
        member.joinedAt.slice(0, 10),
        own.length === 0 ? "-" : own.map((instance) => describeInstance(instance, options)).join("\n"),
      ];
    }),
    { colour: options.colour },
  );
}
