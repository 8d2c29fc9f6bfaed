import type { BrowserContext, Locator, Page } from "playwright-core";
import { openScreen } from "./app-page-steps.ts";

/*
 * The steps of the team-task test: the App's (creating an account, joining a workspace from an invitation link),
 * the Cloud's own page (approving a device, accepting an invitation), and reading what each page asked of the network and heard on its
 * WebSocket.
 */

const PASSWORD = "correct horse battery staple";

export interface Person {
  name: string;
  email: string;
  password: string;
}

export function newPerson(name: string): Person {
  return {
    name,
    email: `${name.toLowerCase()}.${process.pid}.${Date.now()}@example.test`,
    password: PASSWORD,
  };
}

/** The Cloud's page (approval, invitation): its form signs in with the person's own password. */
async function signInAtCloudPage(page: Page, person: Person): Promise<void> {
  await page.getByLabel("Email").fill(person.email);
  await page.getByLabel("Password").fill(person.password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

/** Account: create the account in the App (through the gateway, which keeps the session). */
export async function signUpInApp(page: Page, person: Person): Promise<void> {
  await openScreen(page, "Account");
  await page.getByRole("button", { name: "Create an account" }).click();
  await page.getByLabel("Name").fill(person.name);
  await page.getByLabel("Email").fill(person.email);
  await page.getByLabel("Password").fill(person.password);
  await page.getByRole("button", { name: "Create account" }).click();
  await page.getByRole("heading", { name: "Workspaces" }).waitFor();
}

/**
 * Account: sign the gateway in — the App shows a code and a link to the Cloud's approval page, which opens in a
 * tab of its own where the person approves this machine — and wait until the Cloud link is up.
 */
export async function signGatewayIn(page: Page, context: BrowserContext, person: Person): Promise<Page> {
  await openScreen(page, "Account");
  await page.getByRole("button", { name: "Sign this gateway in" }).click();
  const [approval] = await Promise.all([
    context.waitForEvent("page"),
    page.getByRole("link", { name: /Open the approval page/ }).click(),
  ]);
  await signInAtCloudPage(approval, person);
  await approval.getByRole("button", { name: "Approve" }).click();
  await approval.getByText("Device approved").waitFor();
  await page.getByText("Cloud: connected").waitFor({ timeout: 30_000 });
  return approval;
}

/** The Cloud's invitation page: sign in there and join (as a person does who did not use the App). */
export async function acceptInvitationAtCloud(
  page: Page,
  invitationUrl: string,
  person: Person,
): Promise<void> {
  await page.goto(invitationUrl);
  await signInAtCloudPage(page, person);
  await page.getByRole("button", { name: "Join" }).click();
  await page.getByText(/You joined/).waitFor();
}

/**
 * A new workspace of the page's user and a member's invitation link to it, made through the App's own `/cloud`
 * forwarding (the App has no screen that creates a workspace).
 */
export async function createWorkspaceWithInvitation(page: Page, name: string): Promise<string> {
  return page.evaluate(async (workspaceName) => {
    const post = async (path: string, body: unknown) => {
      const answer = await fetch(`/cloud${path}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      });
      if (!answer.ok) throw new Error(`${path}: ${answer.status} ${await answer.text()}`);
      return answer.json();
    };
    const workspace = (await post("/v1/workspaces", { name: workspaceName })) as { id: string };
    const invitation = (await post(`/v1/workspaces/${workspace.id}/invitations`, { role: "member" })) as {
      url: string;
    };
    return invitation.url;
  }, name);
}

/**
 * Account: join a workspace in the App from the sidebar's "Join a workspace" — paste the link, read what it is for,
 * join — and wait until the App says so. Returns the invitation as the App previewed it.
 */
export async function joinWorkspaceInApp(page: Page, invitationUrl: string): Promise<string> {
  await page
    .getByRole("navigation", { name: "Screens" })
    .getByRole("button", { name: "Join a workspace" })
    .click();
  const dialog = page.getByRole("dialog", { name: "Join a workspace" });
  await dialog.getByLabel("Invitation link or code").fill(invitationUrl);
  const preview = dialog.getByRole("region", { name: "Invitation" });
  await preview.waitFor();
  const previewed = (await preview.textContent()) ?? "";
  await dialog.getByRole("button", { name: /^Join / }).click();
  await page
    .getByRole("status")
    .filter({ hasText: /^You joined / })
    .first()
    .waitFor();
  await dialog.waitFor({ state: "hidden" });
  return previewed;
}

/** Team: a new member's invitation link, as the App shows it once. */
export async function createInvitationLink(page: Page): Promise<string> {
  await openScreen(page, "Team");
  await page.getByRole("button", { name: "Create link" }).click();
  return page.getByRole("textbox", { name: "Invitation link" }).inputValue();
}

/** The task's line on the Tasks screen. */
export function taskLine(page: Page, title: string): Locator {
  return page
    .getByRole("list", { name: "Tasks, newest first" })
    .getByRole("listitem")
    .filter({ hasText: title });
}

/** What a page asked of the network (every request, every WebSocket) and each workspace frame it heard. */
export interface PageTraffic {
  urls: string[];
  workspaceFrames: Array<{
    type: string;
    workspaceId?: string;
    live?: boolean;
    event?: { task: { id: string; state: string } };
  }>;
}

export function recordTraffic(page: Page): PageTraffic {
  const traffic: PageTraffic = { urls: [], workspaceFrames: [] };
  page.on("request", (request) => traffic.urls.push(request.url()));
  page.on("websocket", (socket) => {
    traffic.urls.push(socket.url());
    socket.on("framereceived", ({ payload }) => {
      if (typeof payload !== "string") return;
      const frame = JSON.parse(payload) as PageTraffic["workspaceFrames"][number];
      if (frame.type.startsWith("workspace")) traffic.workspaceFrames.push(frame);
    });
  });
  return traffic;
}

/** The origins of what was asked, other than `origin` (its http and ws forms). */
export function foreignOrigins(traffic: PageTraffic, origin: string): string[] {
  const own = new URL(origin);
  return [
    ...new Set(
      traffic.urls
        .map((url) => new URL(url))
        .filter((url) => url.protocol !== "data:" && url.protocol !== "blob:")
        .filter((url) => url.host !== own.host || (url.protocol !== own.protocol && url.protocol !== "ws:"))
        .map((url) => url.origin),
    ),
  ];
}
