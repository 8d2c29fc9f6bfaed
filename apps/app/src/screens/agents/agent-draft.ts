import {
  type Agent,
  CreateAgentRequest,
  type McpServers,
  type Provider,
  ToolPolicy,
  type UpdateAgentRequest,
} from "@multiclaw/protocol";

/*
 * The agent form's state and what it sends. The form edits plain text (tool patterns one per line); this turns it
 * into the protocol's requests, checked with the protocol's own schemas so the form says what is wrong before the
 * Cloud has to. An edit sends only what changed, with the revision it started from, so a concurrent change by a
 * teammate comes back as CONFLICT instead of being overwritten.
 */

export interface AgentDraft {
  name: string;
  instructions: string;
  provider: Provider;
  model: string;
  /** One tool pattern per line (commas work too). */
  requireApproval: string;
  deny: string;
  mcpServers: McpServers;
}

export type DraftField =
  | "name"
  | "instructions"
  | "provider"
  | "model"
  | "requireApproval"
  | "deny"
  | "mcpServers";

export type DraftCheck =
  | { ok: true; request: CreateAgentRequest }
  | { ok: false; problems: Partial<Record<DraftField, string>> };

export function emptyDraft(provider: Provider): AgentDraft {
  return { name: "", instructions: "", provider, model: "", requireApproval: "", deny: "", mcpServers: {} };
}

export function draftOf(agent: Agent): AgentDraft {
  return {
    name: agent.name,
    instructions: agent.instructions,
    provider: agent.provider,
    model: agent.model,
    requireApproval: agent.toolPolicy.requireApproval.join("\n"),
    deny: agent.toolPolicy.deny.join("\n"),
    mcpServers: agent.mcpServers as McpServers,
  };
}

export function patternsOf(text: string): string[] {
  return text
    .split(/[\n,]/)
    .map((pattern) => pattern.trim())
    .filter((pattern) => pattern !== "");
}

function patternProblem(patterns: readonly string[]): string | undefined {
  // ToolPolicy holds the protocol's pattern rule; one pattern at a time says which are wrong.
  const bad = patterns.filter(
    (pattern) => !ToolPolicy.safeParse({ requireApproval: [pattern], deny: [] }).success,
  );
  if (bad.length === 0) return undefined;
  return `Not a tool name: ${bad.join(", ")} (letters, digits, _ . -, optionally ending in *)`;
}

const fieldOfPath: Record<string, DraftField> = {
  name: "name",
  instructions: "instructions",
  provider: "provider",
  model: "model",
  mcpServers: "mcpServers",
};

/** The create request for a draft, or each field's problem. */
export function checkDraft(draft: AgentDraft): DraftCheck {
  const requireApproval = patternsOf(draft.requireApproval);
  const deny = patternsOf(draft.deny);
  const problems: Partial<Record<DraftField, string>> = {};
  const approvalProblem = patternProblem(requireApproval);
  const denyProblem = patternProblem(deny);
  if (approvalProblem) problems.requireApproval = approvalProblem;
  if (denyProblem) problems.deny = denyProblem;
  if (draft.name.trim() === "") problems.name = "Give the agent a name";
  if (draft.model.trim() === "") problems.model = "Name the model, e.g. claude-sonnet-4-5 or gpt-5";
  const parsed = CreateAgentRequest.safeParse({
    name: draft.name,
    instructions: draft.instructions,
    provider: draft.provider,
    model: draft.model,
    toolPolicy: { requireApproval, deny },
    mcpServers: draft.mcpServers,
  });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = fieldOfPath[String(issue.path[0])];
      if (field && !problems[field]) problems[field] = issue.message;
    }
  }
  if (Object.keys(problems).length > 0 || !parsed.success) return { ok: false, problems };
  return { ok: true, request: parsed.data };
}

/** JSON with object keys sorted: the Cloud's store may hand keys back in another order than they were sent. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    inner && typeof inner === "object" && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : inner,
  );
}

function samePatterns(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((pattern, index) => pattern === b[index]);
}

/** Only what the draft changed, with the revision it was made from; null when nothing changed. */
export function updateOf(agent: Agent, request: CreateAgentRequest): UpdateAgentRequest | null {
  const update: UpdateAgentRequest = {};
  if (request.name !== agent.name) update.name = request.name;
  if (request.instructions !== agent.instructions) update.instructions = request.instructions;
  if (request.provider !== agent.provider) update.provider = request.provider;
  if (request.model !== agent.model) update.model = request.model;
  const policy = request.toolPolicy;
  if (
    !samePatterns(policy.requireApproval, agent.toolPolicy.requireApproval) ||
    !samePatterns(policy.deny, agent.toolPolicy.deny)
  ) {
    update.toolPolicy = policy;
  }
  if (canonical(request.mcpServers) !== canonical(agent.mcpServers)) {
    update.mcpServers = request.mcpServers;
  }
  if (Object.keys(update).length === 0) return null;
  return { ...update, expectedRevision: agent.revision };
}
