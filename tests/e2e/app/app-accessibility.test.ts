import { type LlmStandin, startLlmStandin } from "@multiclaw/agent/testing/llm-standin";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { openBrowser } from "../browser.ts";
import { failureContext, openSignedIn } from "./app-page-steps.ts";
import { appScreens, showScreen } from "./app-screens.ts";
import { blocking, describeViolations, scanForViolations } from "./axe-scan.ts";
import { type RunningProduct, startProduct } from "./running-product.ts";
import { type SeededWorkspace, seedWorkspace } from "./seed-workspace.ts";

/*
 * axe-core on every main screen of a workspace with data on each, in light and dark, in a desktop window and a
 * phone-wide one: no serious or critical violation. (Minor and moderate findings are printed, not failed.)
 */

const layouts = [
  { name: "1280×800", width: 1280, height: 800 },
  { name: "390 wide", width: 390, height: 844 },
] as const;
const schemes = ["light", "dark"] as const;

describe("the App's accessibility", () => {
  let product: RunningProduct;
  let llm: LlmStandin;
  let browser: Awaited<ReturnType<typeof openBrowser>>;
  let page: Page;
  let seeded: SeededWorkspace;

  beforeAll(async () => {
    [product, llm, browser] = await Promise.all([
      startProduct({ MULTICLAW_UPDATE_CHECK: "manual" }),
      startLlmStandin(),
      openBrowser(),
    ]);
    page = await browser.context.newPage();
    await openSignedIn(page, product.firstLink);
    seeded = await seedWorkspace(page, llm);
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await llm?.close();
    await product?.close();
  });
  beforeEach(({ onTestFailed }) => {
    onTestFailed(async () => console.error(await failureContext(product, page ? [page] : [])));
  });

  for (const layout of layouts) {
    for (const colorScheme of schemes) {
      it(`finds no serious or critical violation on any screen, ${colorScheme}, ${layout.name}`, async () => {
        await page.setViewportSize({ width: layout.width, height: layout.height });
        await page.emulateMedia({ colorScheme });
        const found: string[] = [];
        for (const screen of appScreens(seeded)) {
          await showScreen(page, product.gatewayOrigin, screen);
          const violations = await scanForViolations(page);
          const lesser = violations.filter((violation) => !blocking([violation]).length);
          if (lesser.length > 0) {
            console.info(
              `${screen.name} (${colorScheme}, ${layout.name}), minor:\n${describeViolations(lesser)}`,
            );
          }
          if (blocking(violations).length > 0) {
            found.push(
              `${screen.name} (${colorScheme}, ${layout.name}):\n${describeViolations(blocking(violations))}`,
            );
          }
        }
        expect(found.join("\n\n"), "serious or critical axe violations").toBe("");
      });
    }
  }
});
