import { type Browser, chromium } from "playwright-core";
import { chromiumLaunchOptions } from "../../tests/e2e/browser.ts";

/**
 * Debian's Chromium, headless, started once for the whole bench so each launch can open a fresh browser context
 * (its own empty cache and cookies) — what `tests/e2e/browser.ts` gives, minus the persistent profile, which has
 * one context only. The same flags: nothing of Chromium's own reaches out.
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch(chromiumLaunchOptions());
}

/** The window the layouts hold at; every page of the bench opens at it. */
export const benchViewport = { width: 1280, height: 800 };
