import { existsSync, readFileSync } from "node:fs";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import type { Logger } from "pino";
import { detectInstallation, type InstallFiles } from "./install-method.ts";
import { trustedUpdateKeys } from "./trusted-update-keys.ts";
import { createUpdateChecker, type GuardedFetch, type UpdateChecker } from "./update-checker.ts";
import type { UpdateSettings } from "./update-settings.ts";

/** The real file system, for finding out how this copy was installed. */
const installFiles: InstallFiles = {
  exists: existsSync,
  read(path) {
    try {
      return readFileSync(path, "utf8");
    } catch {
      return undefined;
    }
  },
};

/**
 * The update check as the gateway composes it: the guarded fetch, row `updates` opened for each check, the
 * keys shipped in trusted-update-keys.ts (and any the machine's configuration adds), and the installation this code runs from. Each outcome worth a line
 * is logged (an offered update, a refused manifest); a blocked row or an unreachable server is not a problem.
 *
 * @example
 * const updates = createGatewayUpdates(resolveUpdateSettings({}, env), { egress, fetch, logger, installedVersion });
 * if (settings.checkAtStart) void updates.check();
 */
export function createGatewayUpdates(
  settings: UpdateSettings,
  deps: {
    /** The gateway's egress: its windows let row `updates` connect while a check runs. */
    egress: { windows: { open(rowId: string): () => void } };
    fetch: GuardedFetch;
    logger: Logger;
    installedVersion: string;
  },
): UpdateChecker {
  const checker = createUpdateChecker({
    fetch: deps.fetch,
    openRow: () => deps.egress.windows.open("updates"),
    settings,
    installedVersion: deps.installedVersion,
    trustedKeys: [...trustedUpdateKeys, ...settings.extraTrustedKeys],
    installation: detectInstallation(dirname(fileURLToPath(import.meta.url)), installFiles),
    now: () => new Date(),
  });
  return {
    status: () => checker.status(),
    async check() {
      const result = await checker.check();
      if (result.kind === "update-available") {
        deps.logger.info({ version: result.version }, "an update is available");
      } else if (result.kind === "refused") {
        deps.logger.warn({ reason: result.reason }, result.message);
      } else if (result.kind === "unreachable") {
        deps.logger.debug({ reason: result.message }, "update check: no answer");
      }
      return result;
    },
  };
}
