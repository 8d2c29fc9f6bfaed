import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const webClasses = fileURLToPath(new URL("./web-classes.ts", import.meta.url));
const tsx = import.meta.resolve("tsx");

/** Runs `useUndiciWebClasses()` in a fresh Node process and reports what it then sees. */
function inFreshProcess(): { builtinUndiciLoaded: boolean; sameClasses: boolean } {
  const script = `
    import { useUndiciWebClasses } from ${JSON.stringify(webClasses)};
    import { UndiciHeaders, UndiciRequest, UndiciResponse, UndiciFormData } from ${JSON.stringify(
      fileURLToPath(new URL("./undici-parts.ts", import.meta.url)),
    )};
    useUndiciWebClasses();
    const sameClasses = globalThis.Headers === UndiciHeaders && globalThis.Request === UndiciRequest &&
      globalThis.Response === UndiciResponse && globalThis.FormData === UndiciFormData;
    const builtinUndiciLoaded = process.moduleLoadList.includes("NativeModule internal/deps/undici/undici");
    console.log(JSON.stringify({ builtinUndiciLoaded, sameClasses }));
  `;
  const output = execFileSync(process.execPath, ["--import", tsx, "--input-type=module", "-e", script], {
    encoding: "utf8",
  });
  return JSON.parse(output.trim().split("\n").at(-1) as string);
}

describe("useUndiciWebClasses", () => {
  it(`makes undici's classes the globals without loading Node's built-in copy (Node ${process.versions.node})`, () => {
    // On Node 24 redefining the lazy global in place loads the copy (~17 MiB resident); deleting it first
    // does not. On Node 20 both ways leave it unloaded.
    expect(inFreshProcess()).toEqual({ builtinUndiciLoaded: false, sameClasses: true });
  });
});
