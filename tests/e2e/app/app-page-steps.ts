import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { LlmStandin } from "@multiclaw/agent/testing/llm-standin";
import type { Locator, Page } from "playwright-core";
import type { RunningProduct } from "./running-product.ts";
import { waitUntil } from "./wait-until.ts";

/*
 * What a person does in the App, step by step, as the e2e tests and the screenshot script do it: only through
 * the page (labels and roles a person reads), so a renamed button fails here rather than passing unseen.
 */

/** Opens a one-time link and waits until the App has its session and the Cloud link is up. */
export async function openSignedIn(page: Page, link: string): Promise<void> {
  await page.goto(link);
  await page.getByText("Cloud: connected").waitFor({ timeout: 20_000 });
}

/** Goes to one of the sidebar's screens. */
export async function openScreen(page: Page, label: string): Promise<void> {
  await page.getByRole("navigation", { name: "Screens" }).getByRole("link", { name: label }).click();
}

/** Keys: the stand-in's key for the OpenAI-compatible endpoint (its last four characters are 1234). */
export async function addStandinKey(page: Page, llm: LlmStandin): Promise<void> {
  await openScreen(page, "Keys");
  await page.getByRole("button", { name: "Set key for OpenAI-compatible endpoint" }).click();
  await page.getByLabel("OpenAI-compatible endpoint API key").fill("sk-standin-0000000000001234");
  await page.getByLabel("Base URL").fill(llm.baseUrls["openai-compatible"]);
  await page.getByRole("button", { name: "Save key" }).click();
  await page.getByText("1234").first().waitFor();
}

export interface NewAgent {
  name: string;
  /** Lines of the tool policy's "Ask me before running" (e.g. `files.list`). */
  askBefore?: readonly string[];
  instructions?: string;
}

/** Agents: a new agent on the stand-in's endpoint, saved, and known to this gateway (the chat offers it). */
export async function createAgent(page: Page, agent: NewAgent): Promise<void> {
  await openScreen(page, "Agents");
  await page.getByRole("link", { name: "New agent" }).first().click();
  await page.getByLabel("Name").fill(agent.name);
  if (agent.instructions) await page.getByLabel("Instructions").fill(agent.instructions);
  await page.getByLabel("Provider").selectOption("openai-compatible");
  await page.getByLabel("Model").fill("standin-model");
  if (agent.askBefore) await page.getByLabel("Ask me before running").fill(agent.askBefore.join("\n"));
  await page.getByRole("button", { name: "Create agent" }).click();
  await page.getByRole("list", { name: "Agents" }).getByText(agent.name).waitFor();
  await waitUntilChatOffers(page, agent.name);
}

/**
 * The gateway learns of a new agent through its config sync, a moment after the Cloud saved it; the chat's
 * agent picker lists what the gateway runs, so the agent is usable once it appears there.
 */
async function waitUntilChatOffers(page: Page, agentName: string): Promise<void> {
  await waitUntil(
    `the chat to offer ${agentName}`,
    async () => {
      // A fresh load of a new chat asks the gateway for its agents again.
      await page.goto(new URL("/chat", page.url()).href);
      return await agentPicker(page).textContent({ timeout: 2_000 });
    },
    (text) => text?.includes(agentName) === true,
  );
}

function agentPicker(page: Page): Locator {
  return page.getByRole("combobox", { name: "Agent" });
}

/** Starts a new conversation with the agent; resolves with its address once the page shows it. */
export async function startConversation(
  page: Page,
  options: { agentName: string; text: string; planFirst?: boolean },
): Promise<string> {
  await openScreen(page, "Chat");
  const picker = agentPicker(page);
  const value = await picker
    .locator("option")
    .filter({ hasText: `${options.agentName} ·` })
    .getAttribute("value");
  await picker.selectOption(value ?? options.agentName);
  await sendMessage(page, options.text, options.planFirst);
  await page.waitForURL(/\/chat\/[^/]+$/);
  return page.url();
}

/** The composer: the mode ("Plan first" or "Answer directly"), the words, Enter. */
export async function sendMessage(page: Page, text: string, planFirst = false): Promise<void> {
  await page
    .getByRole("combobox", { name: "Mode" })
    .selectOption(planFirst ? "Plan first" : "Answer directly");
  const box = page.getByPlaceholder("Message the agent");
  await box.fill(text);
  await box.press("Enter");
}

/** The conversation's messages, as the person reads them. */
export function transcript(page: Page): Locator {
  return page.getByRole("log", { name: "Messages" });
}

/** Waits until the transcript's text contains `text`. */
export async function waitForTranscriptText(page: Page, text: string, timeoutMs = 30_000): Promise<void> {
  await waitUntil(
    `the transcript to show "${text}"`,
    () => transcript(page).textContent(),
    (shown) => shown?.includes(text) === true,
    timeoutMs,
  );
}

/** The approval card of a tool call that waits for the person ("Allow files.list?"). */
export function approvalCard(page: Page, tool: string): Locator {
  return page.getByRole("region", { name: `Allow ${tool}?` });
}

/** What to print when a test fails: where the page was, what it showed, and the gateway's last log lines. */
export async function failureContext(product: RunningProduct | undefined, pages: readonly Page[]) {
  const parts: string[] = [];
  for (const page of pages) {
    if (page.isClosed()) continue;
    const text = await page
      .locator("body")
      // The text as drawn, one line per block, is what a person reading the failure needs.
      // biome-ignore lint/performance/useDomNodeTextContent: see above
      .innerText({ timeout: 2_000 })
      .catch((error: unknown) => `(no text: ${String(error)})`);
    parts.push(`--- page ${page.url()}\n${text}`);
  }
  if (product) {
    const log = await readFile(join(product.home, "gateway", "gateway.log"), "utf8").catch(() => "");
    parts.push(`--- gateway log (last 40 lines)\n${log.split("\n").slice(-40).join("\n")}`);
  }
  return parts.join("\n");
}
