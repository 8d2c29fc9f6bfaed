import { CliError } from "../cli-error.ts";

/*
 * People name things the way they see them: an agent by its name, a member by email or name. Ids always work
 * too. A name that fits several asks for the id, listing them, rather than picking one.
 */

/**
 * The one item whose id is `wanted`, or whose name (any case) is. `what` names the kind in messages.
 *
 * @example findByName(agents, "writer", { what: "agent", names: (agent) => [agent.name] })
 */
export function findByName<T extends { id: string }>(
  items: readonly T[],
  wanted: string,
  options: { what: string; names: (item: T) => readonly string[]; describe: (item: T) => string },
): T {
  const byId = items.find((item) => item.id === wanted);
  if (byId) return byId;
  const key = wanted.trim().toLowerCase();
  const matches = items.filter((item) => options.names(item).some((name) => name.toLowerCase() === key));
  const [only] = matches;
  if (only && matches.length === 1) return only;
  if (matches.length > 1) {
    throw new CliError(
      `several ${options.what}s are named ${JSON.stringify(wanted)}; give the id of one: ${matches.map(options.describe).join(", ")}`,
      { code: "CONFLICT" },
    );
  }
  const known = items.length > 0 ? items.map(options.describe).join(", ") : "none";
  throw new CliError(
    `no ${options.what} ${JSON.stringify(wanted)} in this workspace (${options.what}s: ${known})`,
    {
      code: "NOT_FOUND",
    },
  );
}
