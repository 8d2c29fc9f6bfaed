import type { ToolConnection } from "@multiclaw/agent";
import type { Endpoint, ResolvedRow } from "@multiclaw/egress";
import type { ConnectionLedger } from "@multiclaw/egress/node";
import type { ApprovalConnection } from "@multiclaw/protocol";

/*
 * What an approval card says a tool call may open: for each row the tool names (an MCP server's, web-fetch),
 * the row's title from this gateway's inventory, the hosts the call may contact — the ones its arguments name,
 * else the row's configured hosts (none for a stdio server, a local process) — and the hosts the ledger saw
 * the row connect to recently.
 */

/** At most this many recently contacted hosts per row. */
const maxContactedHosts = 5;

/** `host`, or `host:port` when the port is not the scheme's default. */
function endpointHost(endpoint: Endpoint): string {
  const defaultPort = endpoint.scheme === "https:" ? 443 : 80;
  return endpoint.port === defaultPort ? endpoint.host : `${endpoint.host}:${endpoint.port}`;
}

/**
 * @example
 * const describe = createApprovalConnections(egress);
 * describe([{ rowId: "mcp:github", hosts: [] }]) // → [{ rowId, title: "MCP server github", hosts: [...], … }]
 */
export function createApprovalConnections(egress: {
  rows(): readonly ResolvedRow[];
  readonly ledger: Pick<ConnectionLedger, "entries">;
}): (wanted: readonly ToolConnection[]) => ApprovalConnection[] {
  return (wanted) => {
    const rows = egress.rows();
    const newestFirst = egress.ledger.entries().reverse();
    return wanted.map(({ rowId, hosts }) => {
      const row = rows.find((candidate) => candidate.id === rowId);
      const contacted = new Set<string>();
      for (const entry of newestFirst) {
        if (contacted.size >= maxContactedHosts) break;
        if (entry.rowId !== rowId || entry.blockedReason !== undefined) continue;
        contacted.add(entry.port === 443 || entry.port === 80 ? entry.host : `${entry.host}:${entry.port}`);
      }
      return {
        rowId,
        title: row?.title ?? rowId,
        hosts: hosts.length > 0 ? [...hosts] : [...new Set((row?.endpoints ?? []).map(endpointHost))],
        contactedHosts: [...contacted],
      };
    });
  };
}
