import { describe, expect, it } from "vitest";
import { z } from "zod";
import { ConversationDetail } from "./gateway-api.schema.ts";
import { safeParseInSlices } from "./parse-in-slices.ts";

const Item = z.object({ id: z.string().min(1), n: z.number().int().default(0) });
const Page = z.object({ title: z.string(), items: z.array(Item), tags: z.array(z.string()) });

function countingTasks() {
  let tasks = 0;
  return { nextTask: async () => void tasks++, tasks: () => tasks };
}

const items = (count: number) => Array.from({ length: count }, (_, index) => ({ id: `i${index}`, extra: 1 }));

describe("parsing an answer in slices", () => {
  it("gives what safeParse gives, a slice of a long array per task", async () => {
    const value = { title: "t", items: items(250), tags: ["a"], unknown: true };
    const clock = countingTasks();
    const sliced = await safeParseInSlices(Page, value, { ...clock, sliceSize: 100 });
    expect(sliced).toEqual(Page.safeParse(value));
    expect(Object.keys(sliced.data as object)).toEqual(["title", "items", "tags"]);
    expect(clock.tasks()).toBe(3);
  });

  it("parses short arrays, and anything not a plain object of arrays, at once", async () => {
    const clock = countingTasks();
    const value = { title: "t", items: items(100), tags: [] };
    expect(await safeParseInSlices(Page, value, { ...clock, sliceSize: 100 })).toEqual(Page.safeParse(value));
    expect(await safeParseInSlices(z.array(Item), items(500), clock)).toEqual(
      z.array(Item).safeParse(items(500)),
    );
    expect(clock.tasks()).toBe(0);
  });

  it("keeps an array's own checks: a bounded array is parsed whole", async () => {
    const Bounded = z.object({ items: z.array(Item).max(150) });
    const clock = countingTasks();
    const result = await safeParseInSlices(Bounded, { items: items(200) }, { ...clock, sliceSize: 100 });
    expect(result.success).toBe(false);
    expect(clock.tasks()).toBe(0);
  });

  it("fails at a bad element with its path, and on a bad envelope before any slice", async () => {
    const bad = items(300);
    bad[217] = { id: "" } as never;
    const sliced = await safeParseInSlices(Page, { title: "t", items: bad, tags: [] }, countingTasks());
    expect(sliced.success).toBe(false);
    expect(sliced.error?.issues[0]?.path).toEqual(["items", 217, "id"]);
    expect(sliced.error?.issues).toEqual(Page.safeParse({ title: "t", items: bad, tags: [] }).error?.issues);

    const clock = countingTasks();
    const envelope = await safeParseInSlices(Page, { title: 7, items: items(300), tags: [] }, clock);
    expect(envelope.error?.issues[0]?.path).toEqual(["title"]);
    expect(clock.tasks()).toBe(0);
  });

  it("reads a long conversation as the gateway sends it", async () => {
    const at = "2026-12-07T18:02:16.776Z";
    const conversation = {
      id: "conv_01m98tqct8rxazebaf4r6xxzdj",
      agentId: "agt_01m98tqcprgkehhtfg4fkwhy6h",
      title: "What changed?",
      createdAt: at,
      updatedAt: at,
    };
    const message = (index: number) => ({
      id: `msg_01m98tqctwf3fnn99sahm9x${String(index).padStart(3, "0")}`,
      conversationId: conversation.id,
      runId: null,
      role: index % 2 ? "assistant" : "user",
      parts: [{ type: "text", text: `message ${index}` }],
      createdAt: at,
    });
    const detail = { conversation, messages: Array.from({ length: 450 }, (_, i) => message(i)), runs: [] };
    const whole = ConversationDetail.safeParse(detail);
    expect(whole.error?.issues ?? []).toEqual([]);
    const clock = countingTasks();
    expect(await safeParseInSlices(ConversationDetail, detail, clock)).toEqual(whole);
    expect(clock.tasks()).toBe(5);
  });
});
