/*
 * The names the model sees. Our tool names may hold dots (`files.read`) and be long (`<server>__<tool>`), but
 * OpenAI accepts only `^[a-zA-Z0-9_-]{1,64}$` (Anthropic and Gemini are close), so each model call maps names
 * both ways. The mapping is made per call from the tools offered then; names that clash after cleaning get a
 * numeric suffix, first come first served (the engine's own tools come first, so they keep their names).
 */

const MAX_LENGTH = 64;

export interface ToolNames {
  /** The model-facing name of one of our tools (also for tools no longer offered, found in old messages). */
  toModel(name: string): string;
  /** Our name for a model-facing name, if that tool is offered in this call. */
  fromModel(modelName: string): string | undefined;
}

export function cleanToolName(name: string): string {
  const cleaned = name.replace(/[^a-zA-Z0-9_-]/g, "_").slice(0, MAX_LENGTH);
  return cleaned.length === 0 ? "tool" : cleaned;
}

export function createToolNames(names: readonly string[]): ToolNames {
  const toModel = new Map<string, string>();
  const fromModel = new Map<string, string>();
  for (const name of names) {
    if (toModel.has(name)) continue;
    const base = cleanToolName(name);
    let candidate = base;
    for (let n = 2; fromModel.has(candidate); n++) {
      const suffix = `_${n}`;
      candidate = base.slice(0, MAX_LENGTH - suffix.length) + suffix;
    }
    toModel.set(name, candidate);
    fromModel.set(candidate, name);
  }
  return {
    toModel: (name) => toModel.get(name) ?? cleanToolName(name),
    fromModel: (modelName) => fromModel.get(modelName),
  };
}
