import { call, signUp } from "@multiclaw/cloud/testing/test-client";
import { startTestCloud, type TestCloud } from "@multiclaw/cloud/testing/test-cloud";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openBrowser } from "./browser.ts";

/** Elements that carry `hidden` yet are drawn: a stylesheet `display` rule beat the attribute. */
async function drawnDespiteHidden(page: Page): Promise<string[]> {
  const drawn: string[] = [];
  for (const element of await page.locator("[hidden]").all()) {
    if (await element.isVisible()) drawn.push((await element.getAttribute("id")) ?? "an element without id");
  }
  return drawn;
}

describe("the Cloud's own page, in a real browser", () => {
  let test: TestCloud;
  let browser: Awaited<ReturnType<typeof openBrowser>>;
  beforeAll(async () => {
    [test, browser] = await Promise.all([startTestCloud(), openBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await test?.close();
  });

  it("lets a newcomer create an account without reading code", async () => {
    const page = await browser.context.newPage();
    await page.goto(test.cloud.url);
    await page.getByRole("button", { name: "New here? Create an account" }).click();
    await page.getByLabel("Name").fill("Nova Newcomer");
    await page.getByLabel("Email").fill(`nova.${Date.now()}@example.test`);
    await page.getByLabel("Password").fill("a long enough passphrase");
    await page.getByRole("button", { name: "Create account" }).click();
    await expect.poll(() => page.locator("#status").textContent()).toContain("Account created");
    await expect
      .poll(() => page.locator("#workspaces").textContent())
      .toContain("Nova Newcomer's workspace — owner");
    await page.close();
  });

  it("asks for a name only when creating an account", async () => {
    const page = await browser.context.newPage();
    await page.goto(test.cloud.url);
    await expect.poll(() => page.getByRole("heading", { name: "Sign in" }).isVisible()).toBe(true);
    expect(await page.getByLabel("Name").isVisible()).toBe(false);
    expect(await drawnDespiteHidden(page)).toEqual([]);

    await page.getByRole("button", { name: "New here? Create an account" }).click();
    await expect.poll(() => page.getByRole("heading", { name: "Create an account" }).isVisible()).toBe(true);
    expect(await page.getByLabel("Name").isVisible()).toBe(true);
    expect(await drawnDespiteHidden(page)).toEqual([]);

    await page.getByRole("button", { name: "Have an account? Sign in" }).click();
    await expect.poll(() => page.getByRole("heading", { name: "Sign in" }).isVisible()).toBe(true);
    expect(await page.getByLabel("Name").isVisible()).toBe(false);
    await page.close();
  });

  it("is the device flow's verification page: sign in, check the device, approve", async () => {
    const user = await signUp(test.cloud.url, "Dana");
    const code = await call<{ deviceCode: string; verificationUriComplete: string }>(
      test.cloud.url,
      "POST",
      "/v1/device/code",
      { body: { instanceName: "danas-workstation", platform: "linux" } },
    );
    const page = await browser.context.newPage();
    await page.goto(code.body.verificationUriComplete);
    await page.getByLabel("Email").fill(user.email);
    await page.getByLabel("Password").fill("correct horse battery staple");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect.poll(() => page.locator("#device-details").textContent()).toContain("danas-workstation");
    expect(await drawnDespiteHidden(page)).toEqual([]);
    await page.getByRole("button", { name: "Approve" }).click();
    await expect.poll(() => page.locator("#status").textContent()).toContain("Device approved");
    expect(await drawnDespiteHidden(page)).toEqual([]);

    const token = await call<{ instanceId: string }>(test.cloud.url, "POST", "/v1/device/token", {
      body: { deviceCode: code.body.deviceCode },
    });
    expect(token.status).toBe(200);
    expect(token.body.instanceId).toMatch(/^ins_/);
    await page.close();
  });

  it("loads under a strict content security policy with no console errors", async () => {
    const page = await browser.context.newPage();
    const errors: string[] = [];
    page.on("console", (message) => {
      if (message.type() === "error") errors.push(message.text());
    });
    const response = await page.goto(`${test.cloud.url}/device`);
    expect(response?.headers()["content-security-policy"]).toContain("script-src 'self'");
    await expect.poll(() => page.getByRole("heading", { name: "Sign in" }).isVisible()).toBe(true);
    expect(errors).toEqual([]);
    await page.close();
  });
});
