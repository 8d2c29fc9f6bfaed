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
  sendMessage,
  startConversation,
  transcript,
  waitForTranscriptText,
} from "./app-page-steps.ts";
import { type RunningProduct, startProduct } from "./running-product.ts";

/*
 * The decisions a person makes in Chat, against the real product and the LLM stand-in, through the page only:
 * a streamed answer with a tool call, a plan to approve, a tool call to deny, and an agent-wide grant given
 * from an approval card and revoked from the grants panel.
 */
describe("the App's chat decisions", () => {
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
    await createAgent(page, { name: "Helper" });
    // Asks before listing files: set in the Agents screen, as a person sets it.
    await createAgent(page, { name: "Careful", askBefore: ["files.list"] });
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await llm?.close();
    await product?.close();
  });
  beforeEach(({ onTestFailed }) => {
    onTestFailed(async () => console.error(await failureContext(product, page ? [page] : [])));
  });

  it("streams an answer and shows the tool call it made as a card", async () => {
    llm.enqueue(
      { type: "tool-calls", calls: [{ name: "files_list", input: { path: "." } }], text: "Let me look." },
      { type: "text", text: ["The workspace", " is", " empty", " so far."] },
    );
    await startConversation(page, { agentName: "Helper", text: "What is in the workspace?" });
    await waitForTranscriptText(page, "The workspace is empty so far.");

    const card = transcript(page).getByRole("button", { name: /files\.list/ });
    await expect.poll(() => card.textContent()).toContain("Done");
    await card.click();
    await expect
      .poll(() => transcript(page).getByLabel("Input of files.list").textContent())
      .toContain('"."');
    // The model got the tool's result back before it answered.
    expect(llm.requests.at(-1)?.toolResults).toHaveLength(1);
  });

  it("proposes a plan in Plan-first mode, and goes on once it is approved", async () => {
    llm.enqueue(
      {
        type: "tool-calls",
        calls: [
          {
            name: "propose_plan",
            input: {
              steps: [
                { title: "Read the notes", detail: "Open notes.md" },
                { title: "Write the summary", detail: "" },
              ],
            },
          },
        ],
      },
      { type: "text", text: ["Both steps", " are done."] },
    );
    await startConversation(page, { agentName: "Helper", text: "Summarise my notes", planFirst: true });

    const plan = page.getByRole("region", { name: "Proposed plan" });
    await expect.poll(() => plan.textContent(), { timeout: 30_000 }).toContain("Write the summary");
    expect(await plan.textContent()).toContain("Waiting for your approval");
    // Nothing runs before the person decides: the model was asked for the plan, not yet for the work.
    const asked = llm.requestCount();
    await plan.getByRole("button", { name: "Approve" }).click();

    await waitForTranscriptText(page, "Both steps are done.");
    await expect.poll(() => page.getByRole("region", { name: "Plan" }).textContent()).toContain("Approved");
    expect(llm.requestCount()).toBe(asked + 1);
  });

  it("denies a tool call the agent's policy asks about, and the model is told why", async () => {
    llm.enqueue(
      { type: "tool-calls", calls: [{ name: "files_list", input: { path: "secrets" } }] },
      { type: "text", text: "Understood, I will not look there." },
    );
    await startConversation(page, { agentName: "Careful", text: "List my secrets folder" });

    const card = approvalCard(page, "files.list");
    await expect.poll(() => card.textContent(), { timeout: 30_000 }).toContain("secrets");
    expect(await card.textContent()).toContain("The agent's tool policy asks before this tool runs.");
    await card.getByRole("button", { name: "Deny…" }).click();
    await card.getByLabel("Why (the agent is told; optional)").fill("Not that folder");
    await card.getByRole("button", { name: "Deny", exact: true }).click();

    await waitForTranscriptText(page, "Understood, I will not look there.");
    await expect
      .poll(() =>
        transcript(page)
          .getByRole("button", { name: /files\.list/ })
          .textContent(),
      )
      .toContain("Denied");
    expect(await approvalCard(page, "files.list").count()).toBe(0);
    expect(JSON.stringify(llm.requests.at(-1)?.toolResults)).toContain("Not that folder");
  });

  it("grants a tool to the agent, runs it without asking, and asks again once the grant is revoked", async () => {
    llm.enqueue(
      { type: "tool-calls", calls: [{ name: "files_list", input: { path: "." } }] },
      { type: "text", text: "First listing done." },
    );
    await startConversation(page, { agentName: "Careful", text: "List the workspace" });
    const card = approvalCard(page, "files.list");
    await expect.poll(() => card.isVisible(), { timeout: 30_000 }).toBe(true);
    await card.getByRole("button", { name: "Always allow for this agent" }).click();
    await waitForTranscriptText(page, "First listing done.");

    // The next call of the same tool runs at once: no card appears, the model gets its result.
    llm.enqueue(
      { type: "tool-calls", calls: [{ name: "files_list", input: { path: "." } }] },
      { type: "text", text: "Second listing done." },
    );
    await sendMessage(page, "List it again");
    await waitForTranscriptText(page, "Second listing done.");
    expect(await approvalCard(page, "files.list").count()).toBe(0);
    // The model saw the result of this conversation's second listing too: it ran.
    expect(llm.requests.at(-1)?.toolResults).toHaveLength(2);

    await page.getByRole("button", { name: "Standing grants", exact: true }).click();
    const grants = page.getByRole("complementary", { name: "Standing grants" });
    await expect.poll(() => grants.textContent()).toContain("For this agent");
    await grants.getByRole("button", { name: "Revoke" }).click();
    await expect.poll(() => grants.textContent()).toContain("Careful asks every time");
    await grants.getByRole("button", { name: "Close standing grants" }).click();

    llm.enqueue(
      { type: "tool-calls", calls: [{ name: "files_list", input: { path: "." } }] },
      { type: "text", text: "Third listing done." },
    );
    await sendMessage(page, "And once more");
    await expect.poll(() => approvalCard(page, "files.list").isVisible(), { timeout: 30_000 }).toBe(true);
    await approvalCard(page, "files.list").getByRole("button", { name: "Allow once" }).click();
    await waitForTranscriptText(page, "Third listing done.");
  });
});
