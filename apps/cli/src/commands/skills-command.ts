import { resolve } from "node:path";
import type { SkillDetail } from "@multiclaw/protocol";
import type { Command } from "commander";
import type { CliContext } from "../cli-context.ts";
import { readSkillFolder } from "../skills/read-skill-folder.ts";
import { renderFindings, renderSkill, renderSkills, terminalSafe } from "../skills/render-skills.ts";

/*
 * `multiclaw skills`: skills in Anthropic's Agent Skills format (a folder with SKILL.md) on this gateway. An
 * import is scanned by the gateway; a skill with findings stays disabled until a person approves it here.
 */

const count = (n: number, noun: string) => `${n} ${noun}${n === 1 ? "" : "s"}`;

function reportImport(ctx: CliContext, skill: SkillDetail, skipped: readonly string[]): void {
  const { style } = ctx.out;
  if (skipped.length > 0) ctx.out.note(`Left out: ${skipped.join(", ")}`);
  ctx.out.line(`Imported ${skill.name} (${skill.id}): ${count(skill.files.length, "file")}.`);
  if (skill.findings.length === 0) {
    ctx.out.line("The scan found nothing; the skill is enabled.");
    return;
  }
  ctx.out.line(style.yellow(`The scan found ${count(skill.findings.length, "thing")} to check:`));
  ctx.out.line(renderFindings(skill.findings, style));
  ctx.out.line(
    `The skill stays disabled until you approve it: read it with \`multiclaw skills show ${skill.name}\`, ` +
      `then \`multiclaw skills approve ${skill.name}\` (or \`multiclaw skills remove ${skill.name}\`).`,
  );
}

export function registerSkillsCommand(program: Command, ctx: CliContext): void {
  const skills = program
    .command("skills")
    .description(
      "skills on this gateway (Agent Skills: a folder with SKILL.md): import, review, list, remove",
    );

  skills
    .command("import")
    .description("import a skill from its folder; it is scanned, and held for review if anything is found")
    .argument("<folder>", "the skill's folder, with SKILL.md at its top")
    .option("--json", "print the imported skill as JSON")
    .action(async (folder: string, options: { json?: boolean }) => {
      const { files, skipped } = await readSkillFolder(folder);
      const gateway = await ctx.connect();
      const skill = await gateway.importSkill({ source: resolve(folder), files }, { signal: ctx.signal });
      if (options.json) ctx.out.line(JSON.stringify(skill, null, 2));
      else reportImport(ctx, skill, skipped);
    });

  skills
    .command("list")
    .description("the imported skills with their state and how many findings each has")
    .option("--json", "print the list as JSON")
    .action(async (options: { json?: boolean }) => {
      const gateway = await ctx.connect();
      const list = await gateway.listSkills({ signal: ctx.signal });
      ctx.out.line(
        options.json
          ? JSON.stringify(list, null, 2)
          : renderSkills(list.skills, { colour: ctx.out.colour, style: ctx.out.style, now: Date.now() }),
      );
    });

  skills
    .command("show")
    .description("a skill in full: front matter, files, scan findings and SKILL.md")
    .argument("<name>", "the skill's name")
    .option("--json", "print the skill as JSON")
    .action(async (name: string, options: { json?: boolean }) => {
      const gateway = await ctx.connect();
      const skill = await gateway.getSkill(name, { signal: ctx.signal });
      ctx.out.line(options.json ? JSON.stringify(skill, null, 2) : renderSkill(skill, ctx.out.style));
    });

  skills
    .command("approve")
    .description("approve a skill held for review, after reading its findings; it is enabled")
    .argument("<name>", "the skill's name")
    .action(async (name: string) => {
      const gateway = await ctx.connect();
      const skill = await gateway.approveSkill(name, { signal: ctx.signal });
      ctx.out.line(`Approved ${skill.name}; it is enabled.`);
    });

  skills
    .command("enable")
    .description("enable a disabled skill")
    .argument("<name>", "the skill's name")
    .action(async (name: string) => {
      const gateway = await ctx.connect();
      const skill = await gateway.enableSkill(name, { signal: ctx.signal });
      ctx.out.line(`${skill.name} is enabled.`);
    });

  skills
    .command("disable")
    .description("disable a skill: no agent may use it until it is enabled again")
    .argument("<name>", "the skill's name")
    .action(async (name: string) => {
      const gateway = await ctx.connect();
      const skill = await gateway.disableSkill(name, { signal: ctx.signal });
      ctx.out.line(`${skill.name} is disabled.`);
    });

  skills
    .command("remove")
    .description("remove a skill: its files and its record on this gateway")
    .argument("<name>", "the skill's name")
    .action(async (name: string) => {
      const gateway = await ctx.connect();
      await gateway.removeSkill(name, { signal: ctx.signal });
      ctx.out.line(`Removed ${terminalSafe(name)}.`);
    });
}
