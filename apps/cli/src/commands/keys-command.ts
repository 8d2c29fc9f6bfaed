import { Provider, type ProviderKeySummary, PutProviderKeyRequest } from "@multiclaw/protocol";
import { Argument, type Command } from "commander";
import type { CliContext } from "../cli-context.ts";
import { CliError } from "../cli-error.ts";
import { formatAgo } from "../connections/render-connections.ts";
import { readSecret } from "../secret-input/read-secret.ts";
import { memberNames } from "../workspace/member-names.ts";
import { schemaArgument } from "../workspace/schema-argument.ts";
import {
  printJson,
  targetWorkspace,
  type WorkspaceOptions,
  withWorkspaceOptions,
} from "../workspace/workspace-options.ts";
import { renderTable } from "../workspace/workspace-table.ts";

/*
 * `multiclaw keys`: the workspace's provider keys. The key itself is write-only: it is asked for hidden (or read
 * from stdin), sent once to the Cloud, which keeps it encrypted, and never shown again — listings carry its last
 * four characters.
 */

function providerArgument(description: string): Argument {
  return new Argument("<provider>", description).choices(Provider.options);
}

function renderKeys(
  ctx: CliContext,
  keys: readonly ProviderKeySummary[],
  nameOf: (userId: string) => string,
): string {
  if (keys.length === 0) {
    return "No provider keys yet. Add one with `multiclaw keys set <provider>` (openai, anthropic, gemini, openai-compatible).";
  }
  const now = Date.now();
  return renderTable(
    ["PROVIDER", "KEY", "BASE URL", "SET BY", "UPDATED"],
    keys.map((key) => [
      key.provider,
      `…${key.lastFour}`,
      key.baseUrl ?? "-",
      nameOf(key.updatedBy),
      formatAgo(key.updatedAt, now),
    ]),
    { colour: ctx.out.colour },
  );
}

const setHelp = `
The key is never an argument (ps and shell history would show it). On a terminal you are asked for it, hidden;
otherwise it is the one line on standard input:
  multiclaw keys set anthropic
  printf '%s\\n' "$ANTHROPIC_API_KEY" | multiclaw keys set anthropic
  multiclaw keys set openai-compatible --base-url http://127.0.0.1:11434/v1 < ollama-key.txt

The Cloud keeps it encrypted and shows only its last four characters; the workspace's gateways receive it
to call the provider. Setting a key needs the owner or admin role.`;

export function registerKeysCommand(program: Command, ctx: CliContext): void {
  const keys = program
    .command("keys")
    .description("the workspace's provider keys (OpenAI, Anthropic, Gemini, an OpenAI-compatible endpoint)");

  withWorkspaceOptions(
    keys
      .command("list")
      .description("show each provider with a key: its last four characters, base URL, who set it and when"),
    "print the Cloud's list of keys as JSON",
  ).action(async (options: WorkspaceOptions) => {
    const workspaceId = await targetWorkspace(ctx, options);
    const cloud = await ctx.userCloud();
    const list = await cloud.call("listProviderKeys", { params: { workspaceId }, signal: ctx.signal });
    if (options.json) return printJson(ctx, list);
    const names = await memberNames(cloud, workspaceId, ctx.signal);
    ctx.out.line(renderKeys(ctx, list.keys, names));
  });

  withWorkspaceOptions(
    keys
      .command("set")
      .description("set (or replace) a provider's key; asked for hidden, or read from standard input")
      .addArgument(providerArgument("the provider"))
      .option(
        "--base-url <url>",
        "the endpoint: required for openai-compatible (Ollama, vLLM, LM Studio…), optional for the others",
        schemaArgument(PutProviderKeyRequest.shape.baseUrl.unwrap(), "must be an http(s) URL"),
      )
      .addHelpText("after", setHelp),
    "print the key's summary as JSON",
  ).action(async (provider: Provider, options: WorkspaceOptions & { baseUrl?: string }) => {
    if (provider === "openai-compatible" && options.baseUrl === undefined) {
      // Said before asking for the key, so nobody pastes a key for nothing.
      throw new CliError(
        "an openai-compatible provider needs --base-url <url> (the endpoint, e.g. http://127.0.0.1:11434/v1)",
        {
          code: "VALIDATION_FAILED",
        },
      );
    }
    const workspaceId = await targetWorkspace(ctx, options);
    const cloud = await ctx.userCloud();
    const apiKey = await readSecret(ctx, {
      what: `${provider} API key`,
      schema: PutProviderKeyRequest.shape.apiKey,
    });
    const summary = await cloud.call("putProviderKey", {
      params: { workspaceId, provider },
      body: { apiKey, ...(options.baseUrl === undefined ? {} : { baseUrl: options.baseUrl }) },
      signal: ctx.signal,
    });
    if (options.json) return printJson(ctx, summary);
    const endpoint = summary.baseUrl ? ` for ${summary.baseUrl}` : "";
    ctx.out.line(`Set the ${summary.provider} key …${summary.lastFour}${endpoint}.`);
    ctx.out.note("The workspace's gateways use it from now on.");
  });

  withWorkspaceOptions(
    keys
      .command("remove")
      .description("remove a provider's key; its agents stop working until a key is set again")
      .addArgument(providerArgument("the provider")),
    "print the removed key's summary as JSON",
  ).action(async (provider: Provider, options: WorkspaceOptions) => {
    const workspaceId = await targetWorkspace(ctx, options);
    const cloud = await ctx.userCloud();
    const { keys: current } = await cloud.call("listProviderKeys", {
      params: { workspaceId },
      signal: ctx.signal,
    });
    const removing = current.find((key) => key.provider === provider);
    if (!removing) {
      const known = current.map((key) => key.provider).join(", ") || "none";
      throw new CliError(`there is no ${provider} key in this workspace (keys: ${known})`, {
        code: "NOT_FOUND",
      });
    }
    await cloud.call("deleteProviderKey", { params: { workspaceId, provider }, signal: ctx.signal });
    if (options.json) return printJson(ctx, removing);
    ctx.out.line(`Removed the ${provider} key …${removing.lastFour}.`);
  });
}
