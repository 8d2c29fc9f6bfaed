import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import type { Page } from "playwright-core";

/*
 * axe-core run inside the page. The App's policy allows no inline script, so axe is not added as a <script>:
 * Playwright's evaluate runs it through the debugging protocol, which the page's CSP does not govern, and the
 * page itself stays exactly as shipped.
 */

/** What a finding says, as much as a person needs to find and fix it. */
export interface AxeViolation {
  id: string;
  impact: "minor" | "moderate" | "serious" | "critical" | null;
  help: string;
  helpUrl: string;
  nodes: { target: string[]; failureSummary: string }[];
}

let axeSource: Promise<string> | undefined;

function loadAxe(): Promise<string> {
  axeSource ??= readFile(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
  return axeSource;
}

/** Runs every axe rule on the page as it is now and returns what fails. */
export async function scanForViolations(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(await loadAxe());
  return page.evaluate(async () => {
    // The whole document (axe's default context); only what fails comes back.
    const { axe } = globalThis as unknown as { axe: { run(options: object): Promise<unknown> } };
    const results = (await axe.run({ resultTypes: ["violations"] })) as { violations: AxeViolation[] };
    return results.violations.map((violation) => ({
      id: violation.id,
      impact: violation.impact,
      help: violation.help,
      helpUrl: violation.helpUrl,
      nodes: violation.nodes.map((node) => ({ target: node.target, failureSummary: node.failureSummary })),
    }));
  });
}

/** The violations a person must not meet: serious and critical. */
export function blocking(violations: readonly AxeViolation[]): AxeViolation[] {
  return violations.filter((violation) => violation.impact === "serious" || violation.impact === "critical");
}

/** One paragraph per rule: what, how bad, where (the first few elements) and why. */
export function describeViolations(violations: readonly AxeViolation[]): string {
  return violations
    .map((violation) => {
      const where = violation.nodes
        .slice(0, 5)
        .map(
          (node) => `    ${node.target.join(" ")}\n      ${node.failureSummary.replaceAll("\n", "\n      ")}`,
        )
        .join("\n");
      const more = violation.nodes.length > 5 ? `\n    … and ${violation.nodes.length - 5} more` : "";
      return `  [${violation.impact}] ${violation.id}: ${violation.help} (${violation.helpUrl})\n${where}${more}`;
    })
    .join("\n");
}
