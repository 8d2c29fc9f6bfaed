#!/usr/bin/env node
/*
 * Test fixture: a deliberately small stdio MCP server that misbehaves on request, for the host's tests.
 * Plain JavaScript with Node built-ins only, so it starts in milliseconds under plain `node`.
 *
 *   --mode ok | garbage-on-call | bad-result | hang | hang-on-call | crash-after
 *   --calls N        (crash-after) answer N tool calls, then exit with code 3 on the next one, unanswered
 *   --marker PATH    write PATH when the process starts (proves a server was or was not spawned)
 *   --pidfile PATH   write the process id to PATH
 *   --banner         print a line that is not JSON-RPC before anything else
 *   --ignore-term    ignore SIGTERM and stdin closing (only SIGKILL stops it)
 *
 * Its one tool, `echo`, takes { text: string } and answers with the text (and the env var ECHO_PREFIX).
 */
import { writeFileSync } from "node:fs";
import { createInterface } from "node:readline";

const args = process.argv.slice(2);
const option = (name) => {
  const index = args.indexOf(`--${name}`);
  return index === -1 ? undefined : args[index + 1];
};
const flag = (name) => args.includes(`--${name}`);

const mode = option("mode") ?? "ok";
const crashAfter = Number(option("calls") ?? "1");
if (option("marker")) writeFileSync(option("marker"), `started ${process.pid}\n`);
if (option("pidfile")) writeFileSync(option("pidfile"), String(process.pid));
if (flag("banner")) process.stdout.write("scripted server starting up...\n");
if (flag("ignore-term")) process.on("SIGTERM", () => {});
if (mode === "hang" || flag("ignore-term")) setInterval(() => {}, 1000);

const send = (message) => process.stdout.write(`${JSON.stringify({ jsonrpc: "2.0", ...message })}\n`);
let calls = 0;

const echoTool = {
  name: "echo",
  description: "Echoes the text back",
  inputSchema: { type: "object", properties: { text: { type: "string" } }, required: ["text"] },
};

function answer(request) {
  const { id, method, params } = request;
  if (method === "initialize") {
    return send({
      id,
      result: {
        protocolVersion: params.protocolVersion,
        capabilities: { tools: {} },
        serverInfo: { name: "scripted", version: "1.0.0" },
      },
    });
  }
  if (method === "tools/list") return send({ id, result: { tools: [echoTool] } });
  if (method === "ping") return send({ id, result: {} });
  if (method !== "tools/call") return send({ id, error: { code: -32601, message: `no method ${method}` } });
  calls++;
  if (mode === "crash-after" && calls > crashAfter) {
    process.stderr.write("fatal: simulated crash\n", () => process.exit(3));
    return;
  }
  if (mode === "hang-on-call") return;
  if (mode === "garbage-on-call") return process.stdout.write("this is not json at all\n");
  if (mode === "bad-result") return send({ id, result: { content: "not an array" } });
  const text = `${process.env.ECHO_PREFIX ?? ""}${params.arguments?.text ?? ""}`;
  send({ id, result: { content: [{ type: "text", text }] } });
}

const lines = createInterface({ input: process.stdin });
lines.on("line", (line) => {
  if (mode === "hang") return;
  const message = JSON.parse(line);
  if (message.id !== undefined && message.method) answer(message);
});
lines.on("close", () => {
  if (!flag("ignore-term") && mode !== "hang") process.exit(0);
});
