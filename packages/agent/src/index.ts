export {
  type AgentEngine,
  createAgentEngine,
  type StartRunInput,
} from "./engine/agent-engine.ts";
export {
  type AgentDirectory,
  type AgentEngineDeps,
  defaultEngineLimits,
  type EngineLimits,
  type LocalIdKind,
  type ResolvedModel,
} from "./engine/engine-deps.ts";
export { EngineError } from "./engine/engine-error.ts";
export type { EventRows, NewRunEvent, RunStore, RunUpdate, StoredApproval } from "./engine/run-store.ts";
export { createMcpHost, defaultMcpTiming, type McpHost, type McpHostOptions } from "./mcp/mcp-host.ts";
export { mcpToolName } from "./mcp/mcp-tool.ts";
export type { McpServerStatus as McpHostServerStatus } from "./mcp/server-supervisor.ts";
export {
  defaultProviderCallPolicy,
  type ProviderCallPolicy,
  ProviderCallSettings,
  providerCallSettings,
} from "./providers/call-settings.ts";
export { type ClassifyOptions, classifyProviderError } from "./providers/classify-provider-error.ts";
export {
  createModelResolver,
  defaultIdleTimeoutMs,
  defaultResponseTimeoutMs,
  type ModelResolver,
  type ModelResolverOptions,
} from "./providers/model-resolver.ts";
export { ProviderError } from "./providers/provider-error.ts";
export { type ProviderKey, type ProviderKeys, providerDisplayNames } from "./providers/provider-keys.ts";
export { addTokenUsage, noTokenUsage, tokenUsageOf } from "./providers/token-usage.ts";
export { redactSecrets, Secret } from "./secret.ts";
export { type BuiltinToolsOptions, createBuiltinTools } from "./tools/builtin/builtin-tools.ts";
export { minimalChildEnv } from "./tools/builtin/child-env.ts";
export {
  type Tool,
  type ToolConnection,
  type ToolContext,
  type ToolInput,
  type ToolResult,
  type ToolSource,
  toolFailure,
  zodInput,
} from "./tools/tool.ts";
