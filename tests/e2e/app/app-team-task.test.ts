import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type LlmStandin, startLlmStandin } from "@multiclaw/agent/testing/llm-standin";
import { type GatewayProcess, spawnGatewayProcess } from "@multiclaw/gateway/testing/gateway-process";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { addStandinKey, createAgent, failureContext, openScreen, openSignedIn } from "./app-page-steps.ts";
import { type RunningProduct, startProduct } from "./running-product.ts";
import {
  acceptInvitationAtCloud,
  createInvitationLink,
  createWorkspaceWithInvitation,
  foreignOrigins,
  joinWorkspaceInApp,
  newPerson,
  type PageTraffic,
  recordTraffic,
  signGatewayIn,
  signUpInApp,
  taskLine,
} from "./team-task-pages.ts";

/*
 * Two people, two machines, one Cloud. Ada runs `npm start` (the Cloud and her gateway) with a key and an
 * agent; Bea runs a gateway of her own in her own data directory, pointed at Ada's Cloud, and works in her App
 * in a browser context of her own: she creates her account, signs her gateway in (so its device link follows
 * her own workspace), pastes Ada's invitation link into her App, which joins Ada's workspace and switches to it
 * without a reload, and gives a task to Ada's agent on Ada's gateway. Ada's gateway runs it; both Task screens
 * follow its states as they happen, without a reload — Bea's through her gateway following Ada's workspace as
 * Bea, since its own link follows hers. A workspace she later joins on the Cloud's page shows in her App as soon
 * as she comes back to it.
 */

const TASK_TITLE = "Draft the release notes";

/** The ledger's Cloud event streams that a gateway opened for its App (not for its own link). */
async function appEventStreams(gateway: GatewayProcess) {
  return (await gateway.client.connectionLog()).entries.filter(
    (entry) =>
      entry.rowId === "cloud-events" &&
      entry.cause?.kind === "feature" &&
      entry.cause.feature === "app-cloud-call",
  );
}
const WORKSPACE_PATTERN = /^ws_/;

describe("a task given to a teammate's agent", () => {
  let product: RunningProduct;
  let llm: LlmStandin;
  let browser: Browser;
  let ada: { context: BrowserContext; page: Page; traffic: PageTraffic };
  let bea: {
    context: BrowserContext;
    page: Page;
    traffic: PageTraffic;
    gateway: GatewayProcess;
    home: string;
  };
  /** Each page Bea's context opened besides her App (the Cloud's pages), with what it asked for. */
  const cloudPages: { page: Page; traffic: PageTraffic }[] = [];
  const person = newPerson("Bea");

  beforeAll(async () => {
    const home = await mkdtemp(join(tmpdir(), "multiclaw-bea-"));
    [product, llm, browser] = await Promise.all([
      startProduct({ MULTICLAW_UPDATE_CHECK: "manual" }),
      startLlmStandin(),
      chromium.launch({
        executablePath: process.env.MULTICLAW_CHROMIUM ?? "/usr/bin/chromium",
        headless: true,
        args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-background-networking"],
      }),
    ]);
    const gateway = await spawnGatewayProcess({ home, cloudUrl: product.cloudUrl });
    const [adaContext, beaContext] = [await browser.newContext(), await browser.newContext()];
    const adaPage = await adaContext.newPage();
    ada = { context: adaContext, page: adaPage, traffic: recordTraffic(adaPage) };
    const beaPage = await beaContext.newPage();
    bea = { context: beaContext, page: beaPage, traffic: recordTraffic(beaPage), gateway, home };
    beaContext.on("page", (page) => {
      if (page !== beaPage) cloudPages.push({ page, traffic: recordTraffic(page) });
    });

    await openSignedIn(ada.page, product.firstLink);
    await addStandinKey(ada.page, llm);
    await createAgent(ada.page, { name: "Helper" });
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await bea?.gateway.kill("SIGTERM");
    if (bea) await rm(bea.home, { recursive: true, force: true });
    await llm?.close();
    await product?.close();
  });

  beforeEach(({ onTestFailed }) => {
    onTestFailed(async () => {
      console.error(await failureContext(product, [ada.page, bea.page]));
      console.error(`--- the stand-in was asked ${llm.requests.length} time(s)`);
      console.error(
        `--- Bea's gateway (last lines)\n${bea.gateway.output().split("\n").slice(-40).join("\n")}`,
      );
    });
  });

  /** Both Task screens show the task in `state` within `timeoutMs`, without a reload. */
  async function expectBothShow(state: string, timeoutMs: number): Promise<void> {
    for (const page of [bea.page, ada.page]) {
      await expect
        .poll(() => taskLine(page, TASK_TITLE).textContent(), { timeout: timeoutMs })
        .toContain(state);
    }
  }

  it("runs on Ada's gateway, and both Task screens show its states live", async () => {
    const { url } = await bea.gateway.client.createAppCode();
    await bea.page.goto(url);
    await signUpInApp(bea.page, person);
    await signGatewayIn(bea.page, bea.context, person);

    const invitation = await createInvitationLink(ada.page);
    const adaWorkspace = (await ada.page.getByLabel("Workspace", { exact: true }).textContent()) ?? "";

    // Bea joins in her App: the link shows Ada's workspace and Ada as the inviter; once joined, the sidebar
    // switches to it, without a reload.
    const previewed = await joinWorkspaceInApp(bea.page, invitation);
    expect(previewed).toContain(adaWorkspace);
    expect(previewed).toMatch(/\S+ invited you to join/);
    const beaSwitcher = bea.page.getByRole("combobox", { name: "Workspace", exact: true });
    await expect.poll(() => beaSwitcher.locator("option:checked").textContent()).toBe(adaWorkspace);
    expect(await beaSwitcher.locator("option").count()).toBe(2);
    await openScreen(ada.page, "Tasks");
    await openScreen(bea.page, "Tasks");

    // Both pages are live before anything happens: Ada's through her link, Bea's through her gateway following
    // Ada's workspace as Bea (its link follows Bea's own).
    const liveWorkspace = async (traffic: PageTraffic) =>
      traffic.workspaceFrames.findLast((frame) => frame.type === "workspace-status" && frame.live)
        ?.workspaceId;
    await expect.poll(() => liveWorkspace(ada.traffic), { timeout: 15_000 }).toMatch(WORKSPACE_PATTERN);
    const adaWorkspaceId = await liveWorkspace(ada.traffic);
    await expect.poll(() => liveWorkspace(bea.traffic), { timeout: 15_000 }).toBe(adaWorkspaceId);
    const beaLink = await bea.gateway.client.status();
    expect(beaLink.signedIn?.workspace.workspaceId).not.toBe(adaWorkspaceId);
    for (const page of [ada.page, bea.page]) {
      expect(await page.getByText(/Live updates|refreshes every few seconds/).count()).toBe(0);
    }

    // Ada's agent first proposes a plan (a task's run always does), then answers slowly once it is approved,
    // so the run is seen running on both screens before it is done.
    llm.enqueue(
      {
        type: "tool-calls",
        calls: [{ name: "propose_plan", input: { steps: [{ title: "Write the notes", detail: "" }] } }],
      },
      {
        type: "text",
        text: ["Release notes:", " faster start,", " live tasks", " for the whole team."],
        chunkDelayMs: 1_000,
      },
    );
    await bea.page.getByRole("button", { name: "New task" }).click();
    const form = bea.page.getByRole("form", { name: "New task" });
    await form.getByLabel("Title").fill(TASK_TITLE);
    await form.getByLabel("Agent").selectOption({ label: "Helper" });
    const adaInstance = form.getByLabel("Gateway").locator("option").nth(1);
    await form.getByLabel("Gateway").selectOption((await adaInstance.getAttribute("value")) ?? "");
    await form.getByRole("button", { name: "Create task" }).click();

    await expectBothShow("Waiting for approval", 20_000);
    // Ada approves the plan in her Chat, in a second tab: her Tasks screen stays open.
    const chat = await ada.context.newPage();
    const chatTraffic = recordTraffic(chat);
    await chat.goto(new URL("/chat", product.gatewayOrigin).href);
    await chat
      .getByRole("navigation", { name: "Conversations" })
      .getByRole("link", { name: new RegExp(TASK_TITLE) })
      .click();
    await chat
      .getByRole("region", { name: "Proposed plan" })
      .getByRole("button", { name: "Approve" })
      .click();
    await expectBothShow("Running", 10_000);
    const screenshots = process.env.MULTICLAW_E2E_SCREENSHOTS;
    if (screenshots) await bea.page.screenshot({ path: join(screenshots, "team-task-running-bea.png") });
    await expectBothShow("Done", 15_000);

    // Each state reached both pages as a relayed event, in the order the task went through them.
    const statesHeard = (traffic: PageTraffic) =>
      traffic.workspaceFrames.flatMap((frame) =>
        frame.type === "workspace-event" && frame.event ? [frame.event.task.state] : [],
      );
    for (const traffic of [ada.traffic, bea.traffic]) {
      expect(statesHeard(traffic)).toEqual(["assigned", "planning", "awaiting-approval", "running", "done"]);
    }
    // Ada's gateway ran it; Bea's ran nothing.
    expect((await bea.gateway.client.listRuns({})).runs).toEqual([]);

    // Bea's gateway followed Ada's workspace on the Cloud's event stream, for the App, under its guard.
    const followed = await appEventStreams(bea.gateway);
    expect(followed.length).toBeGreaterThan(0);
    for (const entry of followed) {
      expect(entry.cause).toEqual({ kind: "feature", feature: "app-cloud-call", detail: "/v1/events" });
    }
    expect(followed.at(-1)?.endedAt).toBeNull();

    // Once no page shows Ada's workspace's tasks any more, the stream ends.
    await openScreen(bea.page, "Account");
    await expect.poll(async () => (await appEventStreams(bea.gateway)).at(-1)?.endedAt).not.toBeNull();

    // A workspace Bea joins on the Cloud's page instead appears in her App, without a reload, once she comes back
    // to it (the window gets the focus again).
    const sideProject = "Ada's side project";
    const sideInvitation = await createWorkspaceWithInvitation(ada.page, sideProject);
    await acceptInvitationAtCloud(await bea.context.newPage(), sideInvitation, person);
    expect(await beaSwitcher.locator("option").allTextContents()).not.toContain(sideProject);
    await bea.page.evaluate(() => (globalThis as unknown as EventTarget).dispatchEvent(new Event("focus")));
    await expect.poll(() => beaSwitcher.locator("option").allTextContents()).toContain(sideProject);

    // Every page asked its own origin only: the Apps their gateways, the Cloud's pages the Cloud.
    expect(foreignOrigins(ada.traffic, product.gatewayOrigin)).toEqual([]);
    expect(foreignOrigins(chatTraffic, product.gatewayOrigin)).toEqual([]);
    expect(foreignOrigins(bea.traffic, bea.gateway.url)).toEqual([]);
    expect(cloudPages.length).toBeGreaterThan(0);
    for (const { traffic } of cloudPages) expect(foreignOrigins(traffic, product.cloudUrl)).toEqual([]);
  }, 180_000);
});
