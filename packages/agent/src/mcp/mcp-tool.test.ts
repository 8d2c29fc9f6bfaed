import { AjvJsonSchemaValidator } from "@modelcontextprotocol/sdk/validation/ajv";
import { expect, it } from "vitest";
import { createMcpTool, mcpToolName } from "./mcp-tool.ts";

const neverCalled = async () => {
  throw new Error("not expected");
};

it("prefixes the server and replaces characters providers refuse", () => {
  expect(mcpToolName("github", "create_issue")).toBe("github__create_issue");
  expect(mcpToolName("files", "read/file v2")).toBe("files__read_file_v2");
});

it("lets the server validate when the schema cannot be compiled, but still requires an object", () => {
  const tool = createMcpTool(
    "odd",
    { name: "t", inputSchema: { type: "object", properties: { a: { type: "no-such-type" } } } },
    new AjvJsonSchemaValidator(),
    neverCalled,
  );
  expect(tool.input.parse({ a: 1 })).toEqual({ ok: true, value: { a: 1 } });
  expect(tool.input.parse("text")).toEqual({ ok: false, message: "the arguments must be a JSON object" });
  expect(tool.input.parse(undefined)).toEqual({ ok: true, value: {} });
});

it("sends the call under the tool's own name", async () => {
  const calls: string[] = [];
  const tool = createMcpTool(
    "srv",
    { name: "do-it", description: "Does it", inputSchema: { type: "object" } },
    new AjvJsonSchemaValidator(),
    async (name) => {
      calls.push(name);
      return { ok: true, output: "done" };
    },
  );
  expect(tool.name).toBe("srv__do-it");
  expect(tool.description).toBe("Does it");
  const context = { signal: new AbortController().signal, runId: "r", agentId: "a", toolCallId: "c" };
  expect(await tool.execute({}, context)).toEqual({ ok: true, output: "done" });
  expect(calls).toEqual(["do-it"]);
});

it("names its server's connection row as what a call may open", () => {
  const tool = createMcpTool(
    "github",
    { name: "create_issue", inputSchema: { type: "object" } },
    new AjvJsonSchemaValidator(),
    neverCalled,
  );
  expect(tool.connections?.({})).toEqual([{ rowId: "mcp:github", hosts: [] }]);
});
