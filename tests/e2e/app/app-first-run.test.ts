import { type LlmStandin, startLlmStandin } from "@multiclaw/agent/testing/llm-standin";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openBrowser } from "../browser.ts";
import { type RunningProduct, startProduct } from "./running-product.ts";

/*
 * A newcomer's first hour in the App: `npm start` on an empty data directory prints the App's link (no window
 * here), and everything from there is done in the page — no command, no curl.
 */
describe("the App on a first run", () => {
  let product: RunningProduct;
  let llm: LlmStandin;
  let browser: Awaited<ReturnType<typeof openBrowser>>;
  let page: Page;
  const requested: string[] = [];

  beforeAll(async () => {
    [product, llm, browser] = await Promise.all([
      startProduct({ MULTICLAW_UPDATE_CHECK: "manual" }),
      startLlmStandin(),
      openBrowser(),
    ]);
    page = await browser.context.newPage();
    page.on("request", (request) => requested.push(request.url()));
    page.on("websocket", (socket) => requested.push(socket.url()));
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await llm?.close();
    await product?.close();
  });

  it("opens signed in from the printed link, and the link works once", async () => {
    await page.goto(product.firstLink);
    await expect.poll(() => page.getByText("Cloud: connected").isVisible(), { timeout: 15_000 }).toBe(true);
    // The code is gone from the address bar and from history.
    expect(page.url()).not.toContain("code=");
    await expect.poll(() => page.getByText("owner@multiclaw.local").isVisible()).toBe(true);

    // The same link in a fresh browser gets no session.
    const other = await browser.context.browser()?.newContext();
    if (other) {
      const stranger = await other.newPage();
      await stranger.goto(product.firstLink);
      await expect
        .poll(() => stranger.getByRole("heading", { name: "Open MultiClaw from your terminal" }).isVisible())
        .toBe(true);
      await other.close();
    }
    // A reload keeps the session (the cookie).
    await page.reload();
    await expect.poll(() => page.getByText("Cloud: connected").isVisible(), { timeout: 15_000 }).toBe(true);
  });

  it("adds a key and an agent, and streams the first answer", async () => {
    await page.getByRole("link", { name: "Keys" }).click();
    await page.getByRole("button", { name: "Set key for OpenAI-compatible endpoint" }).click();
    await page.getByLabel("OpenAI-compatible endpoint API key").fill("sk-standin-0000000000001234");
    await page.getByLabel("Base URL").fill(llm.baseUrls["openai-compatible"]);
    await page.getByRole("button", { name: "Save key" }).click();
    await expect.poll(() => page.getByText("1234").first().isVisible()).toBe(true);

    await page.getByRole("link", { name: "Agents" }).click();
    await page.getByRole("link", { name: "New agent" }).first().click();
    await page.getByLabel("Name").fill("Helper");
    await page.getByLabel("Provider").selectOption("openai-compatible");
    await page.getByLabel("Model").fill("standin-model");
    await page.getByRole("button", { name: "Create agent" }).click();
    await expect.poll(() => page.getByRole("list", { name: "Agents" }).textContent()).toContain("Helper");

    llm.enqueue({ type: "text", text: ["Hello", " from", " the", " stand-in."] });
    await page.getByRole("link", { name: "Chat" }).click();
    await page.getByPlaceholder("Message the agent").fill("Say hello");
    await page.getByPlaceholder("Message the agent").press("Enter");
    await expect
      .poll(() => page.locator("main").textContent(), { timeout: 30_000 })
      .toContain("Hello from the stand-in.");
    const asked = llm.requests.at(-1);
    expect(asked?.apiKey).toBe("sk-standin-0000000000001234");
    expect(JSON.stringify(asked?.body)).toContain("Say hello");
  });

  it("made every request to its own origin", () => {
    const origin = product.gatewayOrigin;
    const wsOrigin = origin.replace("http:", "ws:");
    const foreign = requested.filter(
      (url) => !url.startsWith(`${origin}/`) && !url.startsWith(`${wsOrigin}/`),
    );
    expect(requested.length).toBeGreaterThan(5);
    expect(foreign).toEqual([]);
  });
});
