import type { SkillDetail, SkillFinding, SkillState, SkillSummary } from "@multiclaw/protocol";
import type { Style } from "../chat/render-run-event.ts";
import { formatAgo } from "../connections/render-connections.ts";
import { renderTable } from "../workspace/workspace-table.ts";

/*
 * How skills read in a terminal: a table of them, one in full, and the scan's findings. Excerpts come from the
 * gateway with hidden characters already written out (`<U+200B>`), so nothing invisible reaches the terminal.
 */

const stateWords: Record<SkillState, string> = {
  enabled: "enabled",
  disabled: "disabled",
  review: "held for review",
};

function describeState(state: SkillState, style: Style): string {
  if (state === "review") return style.yellow(stateWords.review);
  return state === "enabled" ? style.green(stateWords.enabled) : style.dim(stateWords.disabled);
}

// Terminal controls (an escape sequence can rewrite the screen) and characters no one sees.
const UNSAFE =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this finds.
  /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u00AD\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]|[\u{E0000}-\u{E007F}]/gu;

/** Text from a skill as the terminal may show it: controls and hidden characters written as `<U+001B>`. */
export function terminalSafe(text: string): string {
  return text.replace(
    UNSAFE,
    (point) => `<U+${(point.codePointAt(0) as number).toString(16).toUpperCase().padStart(4, "0")}>`,
  );
}

function shorten(text: string, max: number): string {
  const line = terminalSafe(text).replace(/\s+/g, " ").trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

export function renderSkills(
  skills: readonly SkillSummary[],
  options: { colour: boolean; style: Style; now: number },
): string {
  if (skills.length === 0) return "No skills yet. Import one with `multiclaw skills import <folder>`.";
  return renderTable(
    ["NAME", "STATE", "FINDINGS", "DESCRIPTION", "IMPORTED"],
    skills.map((skill) => [
      skill.name,
      describeState(skill.state, options.style),
      String(skill.findingCount),
      shorten(skill.description, 60),
      formatAgo(skill.importedAt, options.now),
    ]),
    { colour: options.colour },
  );
}

/** `high  SKILL.md:12  pipe-to-shell  runs a downloaded script in a shell` and the excerpt under it. */
export function renderFindings(findings: readonly SkillFinding[], style: Style): string {
  return findings
    .map((finding) => {
      const where = finding.line > 0 ? `${finding.file}:${finding.line}` : finding.file;
      const severity =
        finding.severity === "high" ? style.red(finding.severity) : style.yellow(finding.severity);
      const excerpt = finding.excerpt === "" ? "" : `\n    ${style.dim(terminalSafe(finding.excerpt))}`;
      return `  ${severity}  ${terminalSafe(where)}  ${finding.rule}: ${terminalSafe(finding.message)}${excerpt}`;
    })
    .join("\n");
}

export function renderSkill(skill: SkillDetail, style: Style): string {
  const extraKeys = Object.keys(skill.frontMatter).filter((key) => key !== "name" && key !== "description");
  const lines = [
    `${style.bold(skill.name)} (${skill.id}) — ${describeState(skill.state, style)}`,
    `  ${terminalSafe(skill.description.trim())}`,
    "",
    `Source:    ${terminalSafe(skill.source)}`,
    `Imported:  ${skill.importedAt}`,
    `Hash:      sha256 ${skill.contentHash}`,
    ...extraKeys.map(
      (key) => `${`${key}:`.padEnd(11)}${shorten(JSON.stringify(skill.frontMatter[key]) ?? "", 100)}`,
    ),
    "",
    `Files (${skill.files.length}):`,
    ...skill.files.map(
      (file) => `  ${terminalSafe(file.path)}  ${file.bytes} B${file.binary ? "  (binary)" : ""}`,
    ),
    "",
    skill.findings.length === 0 ? "Scan: nothing found." : `Findings (${skill.findings.length}):`,
    ...(skill.findings.length === 0 ? [] : [renderFindings(skill.findings, style)]),
    "",
    style.dim("── SKILL.md ──"),
    terminalSafe(skill.body.trimEnd()),
  ];
  return lines.join("\n");
}
