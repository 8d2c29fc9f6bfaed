import { describe, expect, it } from "vitest";
import { touchedDomains } from "./tool-call-domains.ts";

describe("touchedDomains", () => {
  it("finds the hosts of links at any depth of the input and the output, each once", () => {
    const input = {
      url: "https://Docs.Example.org/guide",
      options: { mirrors: ["https://cdn.example.net/x"] },
    };
    const output = "Fetched https://docs.example.org/guide and http://cdn.example.net/y";
    expect(touchedDomains([input, output], 5).map((domain) => domain.host)).toEqual([
      "docs.example.org",
      "cdn.example.net",
    ]);
  });

  it("counts links in commands, which are what a shell call touches", () => {
    expect(touchedDomains([{ command: "curl -s `https://api.example.com/v1`" }], 5)).toEqual([
      { host: "api.example.com", link: "https://api.example.com/v1", hasFaviconPath: true },
    ]);
  });

  it("keeps at most the limit", () => {
    const links = ["a", "b", "c", "d", "e", "f"].map((name) => `https://${name}.example.com/`).join(" ");
    expect(touchedDomains([links], 5)).toHaveLength(5);
  });

  it("names a host the favicon route cannot take without asking for its icon", () => {
    expect(touchedDomains(["http://[::1]:8080/x"], 5)).toEqual([
      { host: "[::1]", link: "http://[::1]:8080/x", hasFaviconPath: false },
    ]);
  });

  it("finds nothing in a call without links", () => {
    expect(touchedDomains([{ path: "notes.md" }, null, 42, undefined], 5)).toEqual([]);
  });
});
