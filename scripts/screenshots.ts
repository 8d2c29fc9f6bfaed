import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type LlmStandin, startLlmStandin } from "@multiclaw/agent/testing/llm-standin";
import { openSignedIn } from "../tests/e2e/app/app-page-steps.ts";
import { appScreens, showScreen } from "../tests/e2e/app/app-screens.ts";
import { type RunningProduct, startProduct } from "../tests/e2e/app/running-product.ts";
import { seedWorkspace } from "../tests/e2e/app/seed-workspace.ts";
import { openBrowser } from "../tests/e2e/browser.ts";

/*
 * `npm run screenshots`: the App's main screens at 1280×800, light and dark, into docs/screenshots/. It runs
 * the real product on a temporary data directory (as the e2e tests do), fills a workspace through the page with
 * the LLM stand-in answering, photographs each screen, and removes everything it started.
 */

const outputDirectory = fileURLToPath(new URL("../docs/screenshots/", import.meta.url));
const viewport = { width: 1280, height: 800 };

async function main(): Promise<void> {
  await mkdir(outputDirectory, { recursive: true });
  // Started one by one inside the try, so whatever did start is closed even when a later start fails.
  let product: RunningProduct | undefined;
  let llm: LlmStandin | undefined;
  let browser: Awaited<ReturnType<typeof openBrowser>> | undefined;
  try {
    product = await startProduct({ MULTICLAW_UPDATE_CHECK: "manual" });
    llm = await startLlmStandin();
    browser = await openBrowser();
    const page = await browser.context.newPage();
    await page.setViewportSize(viewport);
    await openSignedIn(page, product.firstLink);
    const seeded = await seedWorkspace(page, llm);
    for (const colorScheme of ["light", "dark"] as const) {
      await page.emulateMedia({ colorScheme, reducedMotion: "reduce" });
      // The agents list is the editor's left pane already: one picture of the two is enough.
      for (const screen of appScreens(seeded).filter((each) => each.name !== "agents")) {
        await showScreen(page, product.gatewayOrigin, screen);
        // No blinking caret or hover state in the picture.
        await page.mouse.move(0, viewport.height - 1);
        await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
        const file = join(outputDirectory, `${screen.name}-${colorScheme}.png`);
        await page.screenshot({ path: file, animations: "disabled", caret: "hide" });
        console.log(`wrote ${file}`);
      }
    }
  } finally {
    await browser?.close();
    await llm?.close();
    await product?.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
