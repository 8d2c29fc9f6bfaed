/*
 * docs/network.md, generated from the inventory so the published table is the enforced one. Run
 * `npm run docs:network` after changing a row; a test fails while the committed file differs.
 */
import { type RowTemplate, rowTemplates } from "./inventory.ts";

function cell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\n/g, " ");
}

/** The id in code type, because it is what a reader types: `multiclaw connections block llm-openai`. */
function rowIdCell(row: RowTemplate): string {
  return `\`${row.id}\``;
}

function tableRow(row: RowTemplate): string {
  const host = row.defaultHosts.join(", ");
  const cells = [
    row.title,
    rowIdCell(row),
    host,
    row.protocols.join(" + "),
    row.when,
    row.carries,
    row.ifBlocked,
  ];
  return `| ${cells.map(cell).join(" | ")} |`;
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
    "The row id is what `multiclaw connections block <row>` and `unblock <row>` take, for example",
    "`multiclaw connections block llm-openai`. A custom MCP server's row is `mcp:` followed by the server's",
    "name, such as `mcp:files`.",
    "",
    "| Connection | Row id | Host | Protocol | When it occurs | What it carries | If you block it |",
    "|---|---|---|---|---|---|---|",
    ...rows.map(tableRow),
    "",
    "## No telemetry",
    "",
    "MultiClaw makes no telemetry, analytics or crash-reporting connections, and the table above has no row",
    "for one. The preview, favicon and progress services serve a visible feature each, nothing else.",
    "",
    "## Checking it yourself",
    "",
    "The gateway keeps a ledger of the connections it opened or refused (row, host, port, start, end, bytes each",
    "way, and what caused it: the agent run whose model call, web fetch or MCP call it was, or the feature, such",
    "as config sync, a link preview or an MCP server starting), so you can compare what happened with this table",
    "without a third-party network monitor: `multiclaw connections log`, or Connections in the app.",
    "",
  ].join("\n");
}
