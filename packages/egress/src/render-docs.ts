/*
 * docs/network.md, generated from the inventory so the published table is the enforced one. Run
 * `npm run docs:network` after changing a row; a test fails while the committed file differs.
 */
import { type RowTemplate, rowTemplates } from "./inventory.ts";

function cell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\n/g, " ");
}

function tableRow(row: RowTemplate): string {
  const host = row.defaultHosts.join(", ");
  return `| ${[row.title, host, row.protocols.join(" + "), row.when, row.carries, row.ifBlocked].map(cell).join(" | ")} |`;
}

/** The full text of docs/network.md. */
export function renderNetworkDocs(rows: readonly RowTemplate[] = rowTemplates): string {
  return [
    "# Network connections",
    "",
    "<!-- Generated from packages/egress/src/inventory.ts by `npm run docs:network`. Do not edit by hand. -->",
    "",
    "This is every outbound connection MultiClaw's desktop app and gateway can make. The list is not only",
    "documentation: the same rows drive the egress guard, which refuses any connection that is not in this",
    "table, or whose condition does not hold at that moment (for example a provider you have no key for, or an",
    "MCP server you have disabled). Hosts below are the defaults; a self-hosted Cloud, a provider proxy or your",
    "own MCP servers replace them with the hosts you configure.",
    "",
    "Outside your own machine, connections use HTTPS or WSS only, and certificates are always verified.",
    "A connection to a public service is refused when the service's name resolves to a private, loopback or",
    "link-local address, so a hostile DNS answer cannot redirect it into your network.",
    "",
    "| Connection | Host | Protocol | When it occurs | What it carries | If you block it |",
    "|---|---|---|---|---|---|",
    ...rows.map(tableRow),
    "",
    "## No telemetry",
    "",
    "MultiClaw makes no telemetry, analytics or crash-reporting connections, and the table above has no row",
    "for one. The preview, favicon and progress services serve a visible feature each, nothing else.",
    "",
    "## Checking it yourself",
    "",
    "The gateway keeps a ledger of the connections it opened (row, host, port, start, end and bytes each way),",
    "so you can compare what happened with this table without a third-party network monitor.",
    "",
  ].join("\n");
}
