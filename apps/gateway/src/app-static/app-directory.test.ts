import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { installedAppDirectory } from "./app-directory.ts";

const appDist = fileURLToPath(new URL("../../../app/dist", import.meta.url));

describe("the installed App's directory", () => {
  it("is @multiclaw/app's dist when it is built, and unknown when it is not", () => {
    const built = existsSync(`${appDist}/index.html`);
    expect(installedAppDirectory()).toBe(built ? appDist : null);
  });
});
