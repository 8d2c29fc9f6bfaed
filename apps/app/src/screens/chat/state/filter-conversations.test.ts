import { describe, expect, it } from "vitest";
import { filterConversations } from "./filter-conversations.ts";

const at = "2026-12-07T06:00:00.000Z";
const conversations = [
  { id: "conv_1", agentId: "agt_a", title: "Release notes for 2.0", createdAt: at, updatedAt: at },
  { id: "conv_2", agentId: "agt_b", title: "Flaky test", createdAt: at, updatedAt: at },
];
const names: Record<string, string> = { agt_a: "Writer", agt_b: "Builder" };

describe("filtering the conversation list", () => {
  it("matches every word against the title and the agent's name, ignoring case", () => {
    const found = filterConversations(conversations, "builder FLAKY", (id) => names[id] ?? id);
    expect(found.map((c) => c.id)).toEqual(["conv_2"]);
  });

  it("returns the whole list in order for an empty query and nothing for a miss", () => {
    expect(filterConversations(conversations, "  ", (id) => id).map((c) => c.id)).toEqual([
      "conv_1",
      "conv_2",
    ]);
    expect(filterConversations(conversations, "deploy", (id) => names[id] ?? id)).toEqual([]);
  });
});
