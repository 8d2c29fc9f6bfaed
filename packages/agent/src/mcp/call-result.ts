/*
 * An MCP tool result as the text the model reads next. Text passes through; images, audio and binary
 * resources are described (the tool interface carries text only); structured content is shown as JSON when
 * the server gave no text.
 */
import type { CallToolResult, ContentBlock } from "@modelcontextprotocol/sdk/types.js";
import { formatBytes, truncateText } from "../tools/builtin/text-output.ts";
import type { ToolResult } from "../tools/tool.ts";

/** Bytes a base64 string decodes to. */
function decodedSize(base64: string): number {
  return Math.floor((base64.length * 3) / 4) - (base64.endsWith("==") ? 2 : base64.endsWith("=") ? 1 : 0);
}

function blockText(block: ContentBlock): string {
  switch (block.type) {
    case "text":
      return block.text;
    case "image":
    case "audio":
      return `[${block.type}: ${block.mimeType}, ${formatBytes(decodedSize(block.data))}; not shown]`;
    case "resource_link":
      return `[resource link: ${block.uri}${block.name ? ` (${block.name})` : ""}]`;
    case "resource": {
      const { resource } = block;
      if ("text" in resource) return `[resource ${resource.uri}]\n${resource.text}`;
      const type = resource.mimeType ? `${resource.mimeType}, ` : "";
      return `[resource ${resource.uri}: ${type}${formatBytes(decodedSize(resource.blob))} of binary data; not shown]`;
    }
    default:
      return `[${(block as { type: string }).type} content; not shown]`;
  }
}

/** The model's view of a tool result: its text, or a TOOL_FAILED carrying the text when the tool reported an error. */
export function toToolResult(result: CallToolResult, maxOutputChars: number): ToolResult {
  const parts = result.content.map(blockText);
  if (result.structuredContent !== undefined && !result.content.some((block) => block.type === "text")) {
    parts.push(JSON.stringify(result.structuredContent));
  }
  const text = truncateText(parts.join("\n"), maxOutputChars);
  if (result.isError)
    return { ok: false, error: { code: "TOOL_FAILED", message: text || "the tool reported an error" } };
  return { ok: true, output: text };
}
