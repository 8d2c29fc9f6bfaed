import { type Prerequisite, setupCommand } from "./prerequisites.ts";

/** A prerequisite that is missing, with why. */
export interface MissingPrerequisite {
  prerequisite: Prerequisite;
  problem: string;
}

/**
 * The message `npm test` stops with: each missing thing, why, and the command that provides it, so the reader
 * can act without reading a stack trace.
 */
export function missingPrerequisitesReport(missing: readonly MissingPrerequisite[]): string {
  const count = missing.length === 1 ? "one thing" : `${missing.length} things`;
  const items = missing.map(({ prerequisite, problem }) => {
    const [fix, ...alternatives] = prerequisite.provide;
    return [
      `  ✗ ${prerequisite.name}`,
      `    ${problem}`,
      `    fix: ${fix}`,
      ...alternatives.map((line) => `         ${line}`),
    ].join("\n");
  });
  return [
    `npm test stopped before running any test: it needs ${count} this machine does not have.`,
    "",
    items.join("\n\n"),
    "",
    `On Debian and Ubuntu, \`${setupCommand}\` installs and starts PostgreSQL, Redis and Chromium, then runs the tests.`,
    "",
  ].join("\n");
}
