import { readFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  type CloudConfig,
  CloudConfigSchema,
  cloudEnvironment,
  defaultDataDir,
} from "../../apps/cloud/src/config.ts";
import { repositoryRoot } from "../architecture/workspace-sources.ts";

/* The README's configuration table is written by hand; these checks keep it equal to what the Cloud reads. */
const readme = readFileSync(join(repositoryRoot, "README.md"), "utf8");
/** The Cloud's table: from its heading to the next one (the gateway's settings have a table of their own). */
const cloudSection = readme.slice(readme.indexOf("### Cloud"), readme.indexOf("### Gateway"));
const defaultByVariable = new Map(
  cloudSection.split("\n").flatMap((line) => {
    // Cells of a table row; Biome pads them to align the columns.
    const cells = line.trim().startsWith("|")
      ? line
          .split("|")
          .slice(1, -1)
          .map((cell) => cell.trim())
      : [];
    const variable = /^`([A-Z_]+)`$/.exec(cells[0] ?? "")?.[1];
    return variable && cells.length === 3 ? [[variable, cells[2] ?? ""] as const] : [];
  }),
);
const options = Object.keys(cloudEnvironment) as (keyof CloudConfig)[];

describe("the README's configuration table", () => {
  it("lists the environment variable of every Cloud setting, and no other", () => {
    expect([...defaultByVariable.keys()].sort()).toEqual(Object.values(cloudEnvironment).sort());
  });

  it("states every default the way the config schema has it", () => {
    const wrong = options.flatMap((option) => {
      const parsed = CloudConfigSchema.shape[option].safeParse(undefined);
      if (!parsed.success || parsed.data === undefined) return [];
      const stated = defaultByVariable.get(cloudEnvironment[option]);
      return stated === `\`${String(parsed.data)}\``
        ? []
        : [`${cloudEnvironment[option]}: ${stated} ≠ ${parsed.data}`];
    });
    expect(wrong).toEqual([]);
  });

  it.runIf(process.platform === "linux" && !process.env.XDG_DATA_HOME)(
    "names the data directory the Cloud uses when MULTICLAW_HOME is unset",
    () => {
      expect(defaultDataDir()).toBe(join(homedir(), ".local/share/multiclaw"));
      expect(defaultByVariable.get("MULTICLAW_HOME")).toBe("`~/.local/share/multiclaw`");
    },
  );

  it("gives the address `npm start` listens on by default", () => {
    const { host, port } = CloudConfigSchema.pick({ host: true, port: true }).parse({});
    expect(readme).toContain(`npm install && npm start`);
    expect(readme).toContain(`<http://${host}:${port}>`);
  });
});
