import { mkdir, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { gatewayPaths } from "../paths.ts";
import { closedPort } from "../testing/closed-port.ts";
import { type GatewayProcess, spawnGatewayProcess } from "../testing/gateway-process.ts";
import { publicSkillFiles } from "./testing/skill-fixtures.ts";

/*
 * The real gateway process keeps skills in its data directory and its database: an import is there after a
 * restart, and a folder an interrupted import left behind is gone.
 */

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function gatewayIn(home: string): Promise<GatewayProcess> {
  const gateway = await spawnGatewayProcess({
    home,
    cloudUrl: `http://127.0.0.1:${await closedPort()}`,
    env: { MULTICLAW_UPDATE_CHECK: "manual" },
  });
  return gateway;
}

describe("the gateway's skills", () => {
  it("stores an imported skill under the data directory and keeps it across a restart", async () => {
    const home = await mkdtemp(join(tmpdir(), "multiclaw-gateway-skills-"));
    cleanups.push(() => rm(home, { recursive: true, force: true }));
    const skillsDir = join(gatewayPaths({ MULTICLAW_HOME: home }).dataDir, "skills");
    const first = await gatewayIn(home);
    try {
      const imported = await first.client.importSkill({
        source: "brand-guidelines",
        files: await publicSkillFiles("brand-guidelines"),
      });
      expect(await readdir(skillsDir)).toEqual([imported.id]);
    } finally {
      await first.kill("SIGTERM");
    }
    // A crash mid-import leaves a temp folder; the next start clears it.
    await mkdir(join(skillsDir, ".import-skl_01jcrash000000000000000000"));
    await writeFile(join(skillsDir, ".import-skl_01jcrash000000000000000000", "SKILL.md"), "half");

    const second = await gatewayIn(home);
    cleanups.push(() => second.kill("SIGTERM"));
    const { skills } = await second.client.listSkills();
    expect(skills.map((skill) => `${skill.name}:${skill.state}`)).toEqual(["brand-guidelines:enabled"]);
    expect(await readdir(skillsDir)).toEqual([skills[0]?.id]);
  });
});
