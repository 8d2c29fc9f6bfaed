import { resolveInventory } from "@multiclaw/egress";
import { createConnectionLedger } from "@multiclaw/egress/node";
import { describe, expect, it } from "vitest";
import { createApprovalConnections } from "./approval-connections.ts";

function setup() {
  const rows = resolveInventory({
    mcpServers: [{ name: "github", url: "https://api.githubcopilot.com/mcp/" }, { name: "files" }],
    webFetch: true,
  });
  const ledger = createConnectionLedger();
  return { ledger, describe: createApprovalConnections({ rows: () => rows, ledger }) };
}

describe("the connections an approval card shows", () => {
  it("gives an MCP server's row with its configured host and the hosts it contacted, newest first", () => {
    const { ledger, describe: describeRows } = setup();
    ledger.open({ rowId: "mcp:github", host: "api.githubcopilot.com", port: 443 }).close();
    ledger.open({ rowId: "mcp:github", host: "uploads.github.com", port: 8443 }).close();
    ledger.open({ rowId: "llm-openai", host: "api.openai.com", port: 443 }).close();
    ledger.blocked({ rowId: "mcp:github", host: "refused.example", port: 443, reason: "blocked by you" });

    expect(describeRows([{ rowId: "mcp:github", hosts: [] }])).toEqual([
      {
        rowId: "mcp:github",
        title: "MCP server github",
        hosts: ["api.githubcopilot.com"],
        contactedHosts: ["uploads.github.com:8443", "api.githubcopilot.com"],
      },
    ]);
  });

  it("gives a stdio server's row with no hosts: a local process", () => {
    const { describe: describeRows } = setup();
    expect(describeRows([{ rowId: "mcp:files", hosts: [] }])).toEqual([
      { rowId: "mcp:files", title: "MCP server files", hosts: [], contactedHosts: [] },
    ]);
  });

  it("takes the hosts a call's arguments name over the row's configured ones", () => {
    const { describe: describeRows } = setup();
    const [webFetch] = describeRows([{ rowId: "web-fetch", hosts: ["example.org"] }]);
    expect(webFetch).toMatchObject({ rowId: "web-fetch", hosts: ["example.org"], contactedHosts: [] });
    expect(webFetch?.title).not.toBe("web-fetch");
  });

  it("names a row it does not know by its id", () => {
    const { describe: describeRows } = setup();
    expect(describeRows([{ rowId: "mcp:gone", hosts: [] }])).toEqual([
      { rowId: "mcp:gone", title: "mcp:gone", hosts: [], contactedHosts: [] },
    ]);
  });
});
