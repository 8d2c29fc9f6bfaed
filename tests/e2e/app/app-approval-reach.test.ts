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
import { blocking, describeViolations, scanForViolations } from "./axe-scan.ts";
import { type RunningProduct, startProduct } from "./running-product.ts";

/*
 * What an approval card tells before the person decides: the connection rows and hosts the call may open (or
 * that it opens none), and how long it still waits before it is denied as expired; and the tokens each answer
 * used, stored with it, so a reload shows them again.
 */
describe("the App's approval card and token counts", () => {
  let product: RunningProduct;
  let llm: LlmStandin;
  let browser: Awaited<ReturnType<typeof openBrowser>>;
  let page: Page;

  beforeAll(async () => {
    [product, llm, browser] = await Promise.all([
      startProduct({ MULTICLAW_UPDATE_CHECK: "manual" }),
      startLlmStandin(),
      openBrowser(),
    ]);
    page = await browser.context.newPage();
    await openSignedIn(page, product.firstLink);
    await addStandinKey(page, llm);
    await createAgent(page, { name: "Reader", askBefore: ["web.fetch", "files.list"] });
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await llm?.close();
    await product?.close();
  });
  beforeEach(({ onTestFailed }) => {
    onTestFailed(async () => console.error(await failureContext(product, page ? [page] : [])));
  });

  it("shows the row and host a web fetch may open, a local call as local, the time left, and tokens per message", async () => {
    llm.enqueue(
      { type: "tool-calls", calls: [{ name: "web_fetch", input: { url: "https://example.org/tides" } }] },
      { type: "tool-calls", calls: [{ name: "files_list", input: { path: "." } }] },
      {
        type: "text",
        text: "I did not fetch or list anything.",
        usage: { inputTokens: 321, outputTokens: 9 },
      },
    );
    await startConversation(page, { agentName: "Reader", text: "Read the tide page" });

    const fetchCard = approvalCard(page, "web.fetch");
    await expect.poll(() => fetchCard.textContent(), { timeout: 30_000 }).toContain("example.org");
    const rows = fetchCard.getByRole("list", { name: "May connect through" });
    expect(await rows.textContent()).toContain("Web page fetch (agent tool) web-fetch · example.org");
    // The default expiry: half an hour, counted down.
    expect(await fetchCard.locator("time").textContent()).toMatch(/^(30|29) min left$/);
    const violations = blocking(await scanForViolations(page));
    expect(violations, describeViolations(violations)).toEqual([]);
    await fetchCard.getByRole("button", { name: "Deny…" }).click();
    await fetchCard.getByRole("button", { name: "Deny", exact: true }).click();

    const listCard = approvalCard(page, "files.list");
    await expect
      .poll(() => listCard.textContent(), { timeout: 30_000 })
      .toContain("Local: this call opens no network connection of the gateway.");
    expect(await listCard.getByRole("list", { name: "May connect through" }).count()).toBe(0);
    await listCard.getByRole("button", { name: "Deny…" }).click();
    await listCard.getByRole("button", { name: "Deny", exact: true }).click();

    await waitForTranscriptText(page, "I did not fetch or list anything.");
    const answer = transcript(page).getByRole("article", { name: "The agent said" }).last();
    await expect.poll(() => answer.textContent()).toContain("330 tokens (321 in, 9 out)");
    await expect.poll(() => transcript(page).textContent()).toMatch(/Run: [\d,]+ tokens/);

    // Stored with the message: a reload shows the same count.
    await page.reload();
    await waitForTranscriptText(page, "I did not fetch or list anything.");
    const reloaded = transcript(page).getByRole("article", { name: "The agent said" }).last();
    await expect.poll(() => reloaded.textContent()).toContain("330 tokens (321 in, 9 out)");
  });
});
