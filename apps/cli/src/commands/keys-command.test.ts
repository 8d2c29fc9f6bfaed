import { ProviderKeyList, ProviderKeySummary } from "@multiclaw/protocol";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestTeam, type TestTeam } from "../testing/workspace-test-kit.ts";

let team: TestTeam;
beforeAll(async () => {
  team = await startTestTeam();
});
afterAll(async () => {
  await team?.close();
});

describe("multiclaw keys", () => {
  it("sets a key from standard input, lists it by its last four characters and removes it", async () => {
    const set = await team.run(["keys", "set", "anthropic"], { stdin: "  sk-ant-test-key-0001-wxyz  \n" });
    expect(set).toMatchObject({ code: 0, stdout: "Set the anthropic key …wxyz.\n" });

    const listed = await team.run(["keys", "list"]);
    expect(listed.code).toBe(0);
    const row = listed.stdout.split("\n").find((line) => line.includes("anthropic")) ?? "";
    expect(row).toMatch(/│ anthropic\s+│ …wxyz\s+│ -\s+│ Ada\s+│ just now\s+│/);
    expect(listed.stdout).not.toContain("sk-ant-test-key");

    const json = await team.run(["keys", "list", "--json"]);
    const list = ProviderKeyList.parse(JSON.parse(json.stdout));
    expect(list.keys).toEqual([
      expect.objectContaining({
        provider: "anthropic",
        lastFour: "wxyz",
        baseUrl: null,
        updatedBy: team.owner.userId,
      }),
    ]);

    const removed = await team.run(["keys", "remove", "anthropic", "--json"]);
    expect(removed.code).toBe(0);
    expect(ProviderKeySummary.parse(JSON.parse(removed.stdout))).toEqual(list.keys[0]);
    const after = await team.owner.cloud.call("listProviderKeys", {
      params: { workspaceId: team.workspaceId },
    });
    expect(after.keys).toEqual([]);
    const again = await team.run(["keys", "remove", "anthropic"]);
    expect(again).toMatchObject({ code: 1, stdout: "" });
    expect(again.stderr).toBe("NOT_FOUND: there is no anthropic key in this workspace (keys: none)\n");
  });

  it("sets an OpenAI-compatible endpoint with its base URL, and asks for the URL before the key", async () => {
    const withoutUrl = await team.run(["keys", "set", "openai-compatible"], { stdin: "local-key-123456\n" });
    expect(withoutUrl.code).toBe(1);
    expect(withoutUrl.stderr).toContain(
      "VALIDATION_FAILED: an openai-compatible provider needs --base-url <url>",
    );

    const set = await team.run(
      ["keys", "set", "openai-compatible", "--base-url", "http://127.0.0.1:11434/v1", "--json"],
      { stdin: "local-key-123456\n" },
    );
    expect(set.code).toBe(0);
    expect(ProviderKeySummary.parse(JSON.parse(set.stdout))).toMatchObject({
      provider: "openai-compatible",
      lastFour: "3456",
      baseUrl: "http://127.0.0.1:11434/v1",
    });
    const listed = await team.run(["keys", "list"]);
    expect(listed.stdout).toMatch(/openai-compatible\s+│ …3456\s+│ http:\/\/127\.0\.0\.1:11434\/v1/);
    await team.run(["keys", "remove", "openai-compatible"]);
  });

  it("refuses a provider the protocol does not know, a bad URL, an empty or multi-line stdin and a short key", async () => {
    const provider = await team.run(["keys", "set", "mistral"], { stdin: "x".repeat(20) });
    expect(provider.code).toBe(1);
    expect(provider.stderr).toContain(
      "error: command-argument value 'mistral' is invalid for argument 'provider'. Allowed choices are openai, anthropic, gemini, openai-compatible.",
    );

    const url = await team.run(["keys", "set", "openai", "--base-url", "ftp://example.test"], {
      stdin: "x".repeat(20),
    });
    expect(url.stderr).toContain(
      "option '--base-url <url>' argument 'ftp://example.test' is invalid. must be an http(s) URL",
    );

    const empty = await team.run(["keys", "set", "openai"], { stdin: "\n" });
    expect(empty.stderr).toBe(
      "VALIDATION_FAILED: no openai API key on standard input; pipe it in, or run this in a terminal to be asked for it\n",
    );
    const twoLines = await team.run(["keys", "set", "openai"], {
      stdin: "sk-one-key-000001\nsk-two-key-000002\n",
    });
    expect(twoLines.stderr).toBe(
      "VALIDATION_FAILED: standard input holds 2 lines; give the openai API key alone, on one line\n",
    );
    const short = await team.run(["keys", "set", "openai"], { stdin: "sk-123\n" });
    expect(short.code).toBe(1);
    expect(short.stderr).toMatch(/^VALIDATION_FAILED: the openai API key is not valid: Too small/);
    expect(short.stderr).not.toContain("sk-123");
    const keys = await team.owner.cloud.call("listProviderKeys", {
      params: { workspaceId: team.workspaceId },
    });
    expect(keys.keys).toEqual([]);
  });

  it("has no option that takes the key on the command line", async () => {
    const result = await team.run(["keys", "set", "openai", "--key", "sk-on-the-command-line"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("error: unknown option '--key'");
    const help = await team.run(["keys", "set", "--help"]);
    expect(help.stdout).not.toMatch(/--key|--api-key/);
    expect(help.stdout).toContain("The key is never an argument");
  });

  it("gives a member the Cloud's refusal to change keys, and lets them list", async () => {
    await team.run(["keys", "set", "gemini"], { stdin: "gemini-key-00000001\n", as: team.admin });
    const set = await team.run(["keys", "set", "openai"], { stdin: "sk-member-key-0001\n", as: team.member });
    expect(set).toMatchObject({ code: 1, stdout: "" });
    expect(set.stderr).toBe("FORBIDDEN: This needs the admin role or higher; you are member\n");
    const remove = await team.run(["keys", "remove", "gemini"], { as: team.member });
    expect(remove.stderr).toBe("FORBIDDEN: This needs the admin role or higher; you are member\n");
    expect(remove.code).toBe(1);
    const listed = await team.run(["keys", "list"], { as: team.member });
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(/gemini\s+│ …0001\s+│ -\s+│ Grace/);
    await team.run(["keys", "remove", "gemini"]);
  });
});
