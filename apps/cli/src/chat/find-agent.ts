import type { AgentSummary } from "@multiclaw/protocol";
import { CliError } from "../cli-error.ts";

/** The agent a person means: its id, or its name in any case. Ambiguous names ask for the id. */
export function findAgent(agents: readonly AgentSummary[], wanted: string): AgentSummary {
  const byId = agents.find((agent) => agent.id === wanted);
  if (byId) return byId;
  const key = wanted.trim().toLowerCase();
  const byName = agents.filter((agent) => agent.name.toLowerCase() === key);
  const [only] = byName;
  if (only && byName.length === 1) return only;
  if (byName.length > 1) {
    const ids = byName.map((agent) => `${agent.id} (${agent.provider}/${agent.model})`).join(", ");
    throw new CliError(`several agents are named ${JSON.stringify(wanted)}; name one by its id: ${ids}`, {
      code: "CONFLICT",
    });
  }
  const known =
    agents.length > 0 ? agents.map((agent) => agent.name).join(", ") : "none (is the gateway signed in?)";
  throw new CliError(`no agent named ${JSON.stringify(wanted)}; agents: ${known}`, { code: "NOT_FOUND" });
}
