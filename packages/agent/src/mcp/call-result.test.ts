import { expect, it } from "vitest";
import { toToolResult } from "./call-result.ts";

it("passes text through and describes images, audio, links and binary resources", () => {
  const result = toToolResult(
    {
      content: [
        { type: "text", text: "Here you go" },
        { type: "image", data: "iVBORw0KGgo=", mimeType: "image/png" },
        { type: "resource_link", uri: "file:///a.txt", name: "a.txt" },
        { type: "resource", resource: { uri: "file:///b.txt", text: "bee" } },
        {
          type: "resource",
          resource: { uri: "file:///c.bin", blob: "AAAA", mimeType: "application/octet-stream" },
        },
      ],
    },
    1000,
  );
  expect(result).toEqual({
    ok: true,
    output:
      "Here you go\n[image: image/png, 8 B; not shown]\n[resource link: file:///a.txt (a.txt)]\n" +
      "[resource file:///b.txt]\nbee\n[resource file:///c.bin: application/octet-stream, 3 B of binary data; not shown]",
  });
});

it("shows structured content as JSON when there is no text, and reports a tool error as TOOL_FAILED", () => {
  expect(toToolResult({ content: [], structuredContent: { sum: 42 } }, 1000)).toEqual({
    ok: true,
    output: '{"sum":42}',
  });
  expect(toToolResult({ content: [{ type: "text", text: "no such city" }], isError: true }, 1000)).toEqual({
    ok: false,
    error: { code: "TOOL_FAILED", message: "no such city" },
  });
});

it("cuts long output and says so", () => {
  const result = toToolResult({ content: [{ type: "text", text: "z".repeat(50) }] }, 10);
  expect(result).toEqual({
    ok: true,
    output: `${"z".repeat(10)}\n[truncated: 40 more characters not shown]`,
  });
});
