import type { JSONSchema7 } from "@ai-sdk/provider";
import type { ToolPolicy } from "@multiclaw/protocol";
import type { Tool } from "../tools/tool.ts";
import type { ModelTool } from "./model-step.ts";
import { createToolNames, type ToolNames } from "./tool-names.ts";
import { isToolDenied } from "./tool-policy.ts";

/*
 * The tools of one model call: the agent's tools minus the ones its policy denies, plus the engine's own (the
 * plan and delegation tools, which the user approved with the plan and so bypass the policy). The model gets
 * their names, descriptions and JSON Schemas; the engine reads and runs the calls.
 */

export type ResolvedTool =
  | { kind: "agent"; name: string; tool: Tool }
  | { kind: "engine"; name: string; tool: Tool }
  | { kind: "denied"; name: string }
  | { kind: "unknown"; name: string };

export interface StepTools {
  readonly names: ToolNames;
  readonly modelTools: readonly ModelTool[];
  /** What a model-facing name in a call refers to. */
  resolve(modelName: string): ResolvedTool;
}

export function buildStepTools(
  agentTools: readonly Tool[],
  engineTools: readonly Tool[],
  policy: ToolPolicy,
): StepTools {
  const offered = agentTools.filter((tool) => !isToolDenied(policy, tool.name));
  const denied = agentTools.filter((tool) => isToolDenied(policy, tool.name));
  // The engine's tools are named first, so an agent tool with the same cleaned name is the one that moves.
  const names = createToolNames([...engineTools, ...offered, ...denied].map((tool) => tool.name));
  const byModelName = new Map<string, ResolvedTool>();
  const modelTools: ModelTool[] = [];
  for (const [kind, tools] of [
    ["engine", engineTools],
    ["agent", offered],
  ] as const) {
    for (const tool of tools) {
      const modelName = names.toModel(tool.name);
      if (byModelName.has(modelName)) continue;
      byModelName.set(modelName, { kind, name: tool.name, tool });
      modelTools.push({
        type: "function",
        name: modelName,
        description: tool.description,
        inputSchema: tool.input.jsonSchema as JSONSchema7,
      });
    }
  }
  for (const tool of denied) {
    const modelName = names.toModel(tool.name);
    if (!byModelName.has(modelName)) byModelName.set(modelName, { kind: "denied", name: tool.name });
  }
  return {
    names,
    modelTools,
    resolve: (modelName) => byModelName.get(modelName) ?? { kind: "unknown", name: modelName },
  };
}
