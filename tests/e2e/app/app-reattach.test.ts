import { type LlmStandin, startLlmStandin } from "@multiclaw/agent/testing/llm-standin";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { openBrowser } from "../browser.ts";
import {
  addStandinKey,
  approvalCard,
  createAgent,
  failureContext,
  openSignedIn,
  startConversation,
  transcript,
  waitForTranscriptText,
} from "./app-page-steps.ts";
import { type RunningProduct, startProduct } from "./running-product.ts";

/*
 * Runs belong to the gateway, not to the page: a reload in the middle of an answer, or a second window, shows
 * everything so far and follows the rest; a pending approval waits in every window until one decides it.
 */

/** Sixty numbered words, sent one a chunk, slowly enough that a reload lands in the middle of the answer. */
const words = Array.from({ length: 60 }, (_, index) => `word${String(index + 1).padStart(2, "0")} `);
const slowAnswer = { type: "text" as const, text: words, chunkDelayMs: 250 };

function answering(page: Page) {
  return page.getByRole("article", { name: "The agent is answering" });
}

describe("the App re-attaches to runs", () => {
  let product: RunningProduct;
  let llm: LlmStandin;
  let browser: Awaited<ReturnType<typeof openBrowser>>;
  let page: Page;
  let second: Page | undefined;

  beforeAll(async () => {
    [product, llm, browser] = await Promise.all([
      startProduct({ MULTICLAW_UPDATE_CHECK: "manual" }),
      startLlmStandin(),
      openBrowser(),
    ]);
    page = await browser.context.newPage();
    await openSignedIn(page, product.firstLink);
    await addStandinKey(page, llm);
    await createAgent(page, { name: "Careful", askBefore: ["files.list"] });
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await llm?.close();
    await product?.close();
  });
  beforeEach(({ onTestFailed }) => {
    onTestFailed(async () =>
      console.error(
        await failureContext(
          product,
          [page, second].filter((each) => each !== undefined),
        ),
      ),
    );
  });

  it("shows the answer so far after a reload and in a second window, and both follow it to the end", async () => {
    llm.enqueue(slowAnswer);
    const address = await startConversation(page, { agentName: "Careful", text: "Count slowly" });
    await expect.poll(() => answering(page).textContent(), { timeout: 30_000 }).toContain("word05");
    expect(await answering(page).textContent()).not.toContain("word60");

    await page.reload();
    // Right after the reload the streaming answer is there again with everything sent before it, still going.
    await expect.poll(() => answering(page).textContent(), { timeout: 15_000 }).toContain("word05");
    const afterReload = (await answering(page).textContent()) ?? "";
    expect(afterReload).toMatch(/^word01 word02 word03 word04 word05/);
    expect(afterReload).not.toContain("word60");

    second = await browser.context.newPage();
    await second.goto(address);
    await expect.poll(() => answering(second as Page).textContent(), { timeout: 15_000 }).toContain("word05");

    const whole = words.join("").trim();
    await Promise.all([waitForTranscriptText(page, whole), waitForTranscriptText(second, whole)]);
    // Every word arrived once: nothing was lost or doubled across the reload.
    for (const each of [page, second]) {
      expect((await transcript(each).textContent())?.match(/word30/g)).toHaveLength(1);
    }
    await second.close();
    second = undefined;
  });

  it("shows the same pending approval after a reload and in a second window, until one of them decides", async () => {
    llm.enqueue(
      { type: "tool-calls", calls: [{ name: "files_list", input: { path: "reports" } }] },
      { type: "text", text: "Listed the reports." },
    );
    const address = await startConversation(page, { agentName: "Careful", text: "List the reports" });
    await expect
      .poll(() => approvalCard(page, "files.list").textContent(), { timeout: 30_000 })
      .toContain("reports");

    await page.reload();
    await expect
      .poll(() => approvalCard(page, "files.list").textContent(), { timeout: 15_000 })
      .toContain("reports");

    second = await browser.context.newPage();
    await second.goto(address);
    const otherCard = approvalCard(second, "files.list");
    await expect.poll(() => otherCard.textContent(), { timeout: 15_000 }).toContain("reports");
    // The header's inbox counts it in both windows.
    await expect
      .poll(() => second?.getByRole("button", { name: /Waiting for you, 1 waiting/ }).count())
      .toBe(1);

    await otherCard.getByRole("button", { name: "Allow once" }).click();
    await Promise.all([
      waitForTranscriptText(page, "Listed the reports."),
      waitForTranscriptText(second, "Listed the reports."),
    ]);
    // Decided in the second window, gone from the first.
    await expect.poll(() => approvalCard(page, "files.list").count()).toBe(0);
    await second.close();
    second = undefined;
  });
});
