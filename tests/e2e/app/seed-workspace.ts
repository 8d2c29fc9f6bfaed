import type { LlmStandin } from "@multiclaw/agent/testing/llm-standin";
import type { Page } from "playwright-core";
import {
  addStandinKey,
  createAgent,
  openScreen,
  startConversation,
  waitForTranscriptText,
} from "./app-page-steps.ts";

/*
 * A workspace with something on every screen — a key, an agent, a conversation with a tool call and a streamed
 * answer holding code, a tool call and a plan waiting for the person, a task — made through the page as a person makes it. The accessibility scan and the
 * screenshot script look at the screens of this workspace.
 */

export interface SeededWorkspace {
  conversationUrl: string;
  /** A conversation whose tool call waits for the person's approval. */
  approvalUrl: string;
  /** A conversation whose plan waits for the person's approval. */
  planUrl: string;
  agentEditorUrl: string;
  taskTitle: string;
}

const agentName = "Helper";
const taskTitle = "Summarise yesterday's support tickets";
/** The answer's last line, to know it has all arrived. */
const answerEnd = "Run it with `node count-lines.js notes.md`.";
const answer = [
  "The workspace has one file, `notes.md`. Here is a script that counts its lines:\n\n",
  "```js\n",
  'import { readFileSync } from "node:fs";\n\n',
  "const path = process.argv[2];\n",
  'const lines = readFileSync(path, "utf8").split("\\n").length;\n',
  'console.log(path, "has", lines, "lines");\n',
  "```\n\n",
  answerEnd,
];

export async function seedWorkspace(page: Page, llm: LlmStandin): Promise<SeededWorkspace> {
  await addStandinKey(page, llm);
  await createAgent(page, {
    name: agentName,
    instructions: "You help with files in your workspace. Keep answers short.",
    askBefore: ["files.write", "shell.*"],
  });
  const agentEditorUrl = await editorUrlOf(page, agentName);

  llm.enqueue(
    { type: "tool-calls", calls: [{ name: "files_list", input: { path: "." } }], text: "Let me look first." },
    { type: "text", text: answer, chunkDelayMs: 20 },
  );
  const conversationUrl = await startConversation(page, {
    agentName,
    text: "Write a script that counts the lines of my notes",
  });
  await waitForTranscriptText(page, answerEnd.replaceAll("`", ""));

  // Saving the script is a files.write, which the agent's policy asks about: it waits, as left here.
  llm.enqueue({
    type: "tool-calls",
    calls: [{ name: "files_write", input: { path: "count-lines.js", content: answer.slice(2, 6).join("") } }],
  });
  const approvalUrl = await startConversation(page, {
    agentName,
    text: "Save that script as count-lines.js",
  });
  await page.getByRole("region", { name: "Allow files.write?" }).waitFor();

  llm.enqueue({
    type: "tool-calls",
    calls: [
      {
        name: "propose_plan",
        input: {
          steps: [
            { title: "Read notes.md", detail: "Find the meeting notes of this week." },
            { title: "List the decisions", detail: "One line each, with who decided." },
            { title: "Write decisions.md", detail: "" },
          ],
        },
      },
    ],
  });
  const planUrl = await startConversation(page, {
    agentName,
    text: "Collect this week's decisions into decisions.md",
    planFirst: true,
  });
  await page.getByRole("region", { name: "Proposed plan" }).waitFor();

  await openScreen(page, "Tasks");
  await page.getByRole("button", { name: "New task" }).click();
  await page.getByLabel("Title").fill(taskTitle);
  await page.getByRole("button", { name: "Create task" }).click();
  await page.getByText(taskTitle).first().waitFor();
  return { conversationUrl, approvalUrl, planUrl, agentEditorUrl, taskTitle };
}

async function editorUrlOf(page: Page, name: string): Promise<string> {
  await openScreen(page, "Agents");
  await page
    .getByRole("list", { name: "Agents" })
    .getByRole("link", { name: new RegExp(name) })
    .click();
  await page.getByRole("button", { name: "Save changes" }).waitFor();
  return page.url();
}
