import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { rowTemplates } from "./inventory.ts";
import { renderNetworkDocs } from "./render-docs.ts";

const docsPath = fileURLToPath(new URL("../../../docs/network.md", import.meta.url));
const sourceDir = fileURLToPath(new URL(".", import.meta.url));

describe("docs/network.md", () => {
  it("is the text generated from the inventory (run `npm run docs:network` after changing a row)", () => {
    const committed = readFileSync(docsPath, "utf8");

    expect(committed, "docs/network.md is stale: run `npm run docs:network`").toBe(renderNetworkDocs());
  });

  it("has one table line per row and states that there is no telemetry", () => {
    const text = renderNetworkDocs();

    for (const row of rowTemplates) expect(text).toContain(`| ${row.title} |`);
    expect(text).toContain("no telemetry, analytics or crash-reporting connections");
  });

  it("gives each row's id beside its title, as `multiclaw connections block <row>` takes it", () => {
    const text = renderNetworkDocs();

    for (const row of rowTemplates) expect(text).toContain(`| ${row.title} | \`${row.id}\` |`);
    expect(text).toContain("`multiclaw connections block llm-openai`");
  });
});

describe("the package root", () => {
  it("stays free of Node built-ins and undici, so the browser side can import it", () => {
    const rootFiles = readdirSync(sourceDir).filter(
      (name) => name.endsWith(".ts") && !name.endsWith(".test.ts"),
    );
    expect(rootFiles).toContain("inventory.ts");

    for (const name of rootFiles) {
      const text = readFileSync(join(sourceDir, name), "utf8");
      expect(text, name).not.toMatch(/from "(node:|undici)/);
    }
  });
});
