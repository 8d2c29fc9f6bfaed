import { describe, expect, it } from "vitest";
import { findLinks } from "./find-links.ts";

describe("findLinks", () => {
  it("finds http and https links in order, each once", () => {
    expect(
      findLinks(
        "See https://example.com/a and http://news.example.org/b?x=1#top, then https://example.com/a.",
        5,
      ),
    ).toEqual(["https://example.com/a", "http://news.example.org/b?x=1#top"]);
  });

  it("keeps sentence punctuation and Markdown syntax out of the link", () => {
    expect(
      findLinks("Go to https://example.com/x, or (https://example.com/y). [docs](https://example.com/z)!", 5),
    ).toEqual(["https://example.com/x", "https://example.com/y", "https://example.com/z"]);
    expect(findLinks("**https://example.com/bold**", 5)).toEqual(["https://example.com/bold"]);
  });

  it("keeps a parenthesis the link itself opened", () => {
    expect(findLinks("https://en.wikipedia.org/wiki/Claw_(anatomy) is it", 5)).toEqual([
      "https://en.wikipedia.org/wiki/Claw_(anatomy)",
    ]);
  });

  it("leaves out links in code and what is not an http(s) link", () => {
    const text =
      "Run `curl https://api.example.com/v1`:\n```sh\ncurl https://example.net\n```\nftp://example.com mailto:a@b.c https://";
    expect(findLinks(text, 5)).toEqual([]);
  });

  it("stops at the limit", () => {
    expect(findLinks("https://a.example https://b.example https://c.example https://d.example", 3)).toEqual([
      "https://a.example",
      "https://b.example",
      "https://c.example",
    ]);
  });
});
