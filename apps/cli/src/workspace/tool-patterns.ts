import { ToolPolicy } from "@multiclaw/protocol";
import { InvalidArgumentError } from "commander";

/**
 * `--require-approval` and `--deny` take tool names separated by commas (`shell.run,github__*`); an empty value
 * (`--deny ''`) means none. Each is checked with the protocol's ToolPattern.
 */
// The protocol's ToolPattern, reached through the policy that uses it.
const ToolPattern = ToolPolicy.shape.deny.unwrap().element;

export function toolPatternList(value: string): string[] {
  const tools = value
    .split(",")
    .map((tool) => tool.trim())
    .filter((tool) => tool !== "");
  for (const tool of tools) {
    const parsed = ToolPattern.safeParse(tool);
    if (!parsed.success) {
      throw new InvalidArgumentError(
        `${JSON.stringify(tool)}: ${parsed.error.issues[0]?.message ?? "not a tool name"}`,
      );
    }
  }
  return tools;
}
