import { spawn } from "node:child_process";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { encodingsOf, findInDatabase } from "@multiclaw/cloud/testing/fixtures";
import { descendantsOf } from "@multiclaw/gateway/testing/process-tree";
import { waitFor } from "@multiclaw/gateway/testing/wait-for";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestTeam, type TestTeam } from "../testing/workspace-test-kit.ts";

/*
 * Where a provider key goes when `multiclaw keys set` is run as a person runs it: the real `multiclaw` process
 * (the key piped to its stdin, or typed on a pseudo-terminal), a real gateway (signed in as a device, so it also
 * syncs the key) and a real Cloud.
 */

const binary = fileURLToPath(new URL("../../bin/multiclaw.js", import.meta.url));
const apiKey = "sk-canary-cli-secrecy-7c1e0d";

let team: TestTeam;
beforeAll(async () => {
  team = await startTestTeam();
});
afterAll(async () => {
  await team?.close();
});

async function commandLinesOf(pid: number): Promise<string[]> {
  const own = await readFile(`/proc/${pid}/cmdline`, "utf8").catch(() => "");
  const children = await descendantsOf(pid);
  return [own.replaceAll("\0", " "), ...children.map((child) => child.commandLine)].filter(
    (line) => line !== "",
  );
}

async function filesUnder(directory: string): Promise<string[]> {
  const entries = await readdir(directory, { recursive: true, withFileTypes: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
}

describe("multiclaw keys set, as a process", () => {
  it("never has the key in its argv, its home or the Cloud's database in clear", async () => {
    const env = await team.envOf(team.owner);
    const child = spawn(process.execPath, [binary, "keys", "set", "openai"], {
      env: { PATH: process.env.PATH ?? "/usr/bin:/bin", NO_COLOR: "1", ...env },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
    const pid = child.pid as number;

    // While it waits for its stdin, and again while it sends the key, read what `ps` would show.
    const seen: string[] = [];
    let running = true;
    void exited.then(() => {
      running = false;
    });
    const watching = (async () => {
      while (running) {
        seen.push(...(await commandLinesOf(pid)));
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    })();
    await waitFor("the command to start", () =>
      seen.some((line) => line.includes("keys set openai")) ? true : undefined,
    );
    child.stdin.end(`${apiKey}\n`);
    expect(await exited).toBe(0);
    await watching;
    expect(stderr).toContain("The workspace's gateways use it from now on.");
    expect(stdout).toBe(`Set the openai key …${apiKey.slice(-4)}.\n`);

    expect(`${stdout}${stderr}`).not.toContain(apiKey);
    expect(seen.some((line) => line.includes(`${binary} keys set openai`))).toBe(true);
    expect(seen.filter((line) => line.includes(apiKey))).toEqual([]);

    // The gateway received it (its OpenAI row is no longer "not configured")…
    const gateway = await team.gatewayOf(team.owner);
    await waitFor("the gateway to sync the key", async () => {
      const { rows } = await gateway.client.listConnections();
      const row = rows.find((candidate) => candidate.id === "llm-openai");
      return row && row.state !== "not-configured" ? row : undefined;
    });
    // …and no file under MULTICLAW_HOME (gateway database, credentials, logs) holds it in any encoding.
    const needles = encodingsOf(apiKey).map((needle) => Buffer.from(needle));
    const files = await filesUnder(env.MULTICLAW_HOME as string);
    expect(files.length).toBeGreaterThan(0);
    const holding: string[] = [];
    for (const file of files) {
      const bytes = await readFile(file).catch(() => Buffer.alloc(0));
      if (needles.some((needle) => bytes.includes(needle))) holding.push(file);
    }
    expect(holding).toEqual([]);

    // The Cloud keeps it only as ciphertext: the provider key row exists, and nothing anywhere holds it in clear.
    const { db } = team.cloud.cloud;
    const rows = await db
      .selectFrom("provider_keys")
      .select(["ciphertext", "last_four"])
      .where("workspace_id", "=", team.workspaceId)
      .where("provider", "=", "openai")
      .execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]?.last_four).toBe(apiKey.slice(-4));
    expect(Buffer.from(rows[0]?.ciphertext ?? []).length).toBeGreaterThan(apiKey.length);
    expect(await findInDatabase(db, encodingsOf(apiKey))).toEqual([]);
  });

  it("asks for the key hidden on a terminal, and never echoes it", async () => {
    const env = await team.envOf(team.owner);
    const typed = "sk-canary-typed-on-a-terminal-5b9f";
    // `script` gives the command a real pseudo-terminal, as a person's shell would.
    const child = spawn(
      "script",
      ["-qfec", `stty cols 100 rows 30; exec ${process.execPath} ${binary} keys set gemini`, "/dev/null"],
      { env: { PATH: process.env.PATH ?? "/usr/bin:/bin", NO_COLOR: "1", TERM: "xterm", ...env } },
    );
    let screen = "";
    child.stdout.on("data", (chunk: Buffer) => {
      screen += chunk.toString();
    });
    const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
    await waitFor("the hidden prompt", () =>
      screen.includes("Paste the gemini API key (hidden)") ? true : undefined,
    );
    child.stdin.write(`${typed}\r`);
    expect(await exited).toBe(0);
    expect(screen).toContain(`Set the gemini key …${typed.slice(-4)}.`);
    expect(screen).toContain("▪".repeat(typed.length));
    expect(screen).not.toContain(typed);
    const { keys } = await team.owner.cloud.call("listProviderKeys", {
      params: { workspaceId: team.workspaceId },
    });
    expect(keys.find((key) => key.provider === "gemini")?.lastFour).toBe(typed.slice(-4));
  });
});
