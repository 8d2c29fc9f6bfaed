import type { Page } from "playwright-core";
import type { SeededWorkspace } from "./seed-workspace.ts";

/*
 * The App's main screens, each with its address and something that shows once its data has arrived, so a
 * scan or a screenshot never looks at a half-loaded screen.
 */

export interface AppScreen {
  /** For file names and messages: `chat`, `agent-editor` … */
  name: string;
  path: string;
  /** Visible once the screen shows its data. */
  ready(page: Page): Promise<void>;
}

export function appScreens(seeded: SeededWorkspace): readonly AppScreen[] {
  const pathOf = (url: string) => {
    const { pathname, search } = new URL(url);
    return pathname + search;
  };
  const text = (shown: string) => async (page: Page) => {
    await page.locator("main").getByText(shown).first().waitFor();
  };
  return [
    {
      name: "chat",
      path: pathOf(seeded.conversationUrl),
      // The Markdown renderer loads after the first paint (plain text until then): wait for its highlighted code.
      ready: async (page) => {
        await page.getByRole("log", { name: "Messages" }).locator("code.hljs").first().waitFor();
      },
    },
    {
      name: "chat-approval",
      path: pathOf(seeded.approvalUrl),
      ready: async (page) => {
        await page.getByRole("region", { name: "Allow files.write?" }).waitFor();
      },
    },
    {
      name: "chat-plan",
      path: pathOf(seeded.planUrl),
      ready: async (page) => {
        await page.getByRole("region", { name: "Proposed plan" }).waitFor();
      },
    },
    {
      // Everything waiting across conversations, in the panel beside (or, on a phone, over) the transcript.
      name: "chat-inbox",
      path: "/chat",
      ready: async (page) => {
        await page.getByRole("button", { name: /^Waiting for you, 2 waiting/ }).click();
        const inbox = page.getByRole("complementary", { name: "Waiting for you" });
        await inbox.getByRole("region", { name: "Proposed plan" }).waitFor();
        await inbox.getByRole("region", { name: "Allow files.write?" }).waitFor();
      },
    },
    { name: "tasks", path: "/tasks", ready: text(seeded.taskTitle) },
    {
      name: "agents",
      path: "/agents",
      ready: async (page) => {
        await page.getByRole("list", { name: "Agents" }).waitFor();
      },
    },
    {
      name: "agent-editor",
      path: pathOf(seeded.agentEditorUrl),
      ready: async (page) => {
        await page.getByRole("button", { name: "Save changes" }).waitFor();
      },
    },
    { name: "keys", path: "/keys", ready: text("1234") },
    { name: "team", path: "/team", ready: text("owner@multiclaw.local") },
    {
      name: "connections",
      path: "/connections",
      ready: async (page) => {
        await page.getByRole("list", { name: "Connections, newest first" }).waitFor();
      },
    },
    { name: "account", path: "/account", ready: text("owner@multiclaw.local") },
  ];
}

/** Opens a screen by its address (a fresh load, as a reload or a bookmark gives it) and waits for its data. */
export async function showScreen(page: Page, origin: string, screen: AppScreen): Promise<void> {
  await page.goto(new URL(screen.path, origin).href);
  await page.getByText("Cloud: connected").waitFor({ timeout: 20_000 });
  await screen.ready(page);
}
