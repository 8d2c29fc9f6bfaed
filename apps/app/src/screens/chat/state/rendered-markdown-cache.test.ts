import { describe, expect, it } from "vitest";
import { createRenderedMarkdownCache } from "./rendered-markdown-cache.ts";

describe("the cache of rendered Markdown", () => {
  it("gives a stored message's part back by its id while its text is unchanged", () => {
    const cache = createRenderedMarkdownCache<string>(10);
    cache.set({ key: "msg_1:0", text: "**hi**" }, "rendered hi");
    expect(cache.get({ key: "msg_1:0", text: "**hi**" })).toBe("rendered hi");
    expect(cache.has({ key: "msg_1:0", text: "**hi**" })).toBe(true);
    expect(cache.get({ key: "msg_1:0", text: "**hi** there" })).toBeUndefined();
    expect(cache.get({ key: "msg_2:0", text: "**hi**" })).toBeUndefined();
  });

  it("keeps one entry per message part however often its text changed", () => {
    const cache = createRenderedMarkdownCache<string>(2);
    cache.set({ key: "msg_1:0", text: "a" }, "first");
    cache.set({ key: "msg_1:0", text: "ab" }, "second");
    cache.set({ key: "msg_2:0", text: "b" }, "other");
    expect(cache.get({ key: "msg_1:0", text: "ab" })).toBe("second");
    expect(cache.get({ key: "msg_2:0", text: "b" })).toBe("other");
  });

  it("keys text that belongs to no message by the text itself, apart from message ids", () => {
    const cache = createRenderedMarkdownCache<string>(10);
    cache.set({ text: "msg_1:0" }, "a block");
    expect(cache.get({ text: "msg_1:0" })).toBe("a block");
    expect(cache.get({ key: "msg_1:0", text: "msg_1:0" })).toBeUndefined();
  });

  it("forgets the least recently drawn beyond its capacity", () => {
    const cache = createRenderedMarkdownCache<string>(2);
    cache.set({ key: "a", text: "a" }, "A");
    cache.set({ key: "b", text: "b" }, "B");
    cache.get({ key: "a", text: "a" });
    cache.set({ key: "c", text: "c" }, "C");
    expect(cache.has({ key: "b", text: "b" })).toBe(false);
    expect(cache.has({ key: "a", text: "a" })).toBe(true);
  });
});
