import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { UPDATES_PATH_PREFIX, UpdateChannel, UpdateOs } from "@multiclaw/protocol";
import type { Hono } from "hono";
import { CloudError } from "../errors.ts";

/*
 * The Cloud in the role of the update CDN: `GET /updates/v1/<channel>/<os>.json` answers the signed manifest
 * `npm run release:sign` wrote under MULTICLAW_UPDATES_DIR, byte for byte.
 *
 * A static handler, as the console's files are (web/console-routes.ts), and not a row of the route table
 * (packages/protocol/src/routes.ts): the table's binder parses every answer with its schema and writes it out
 * again as JSON, and a re-serialised manifest would no longer be the bytes that were signed. It is also not
 * part of the Cloud's API: in production a CDN serves these files, with no account and no protocol version.
 *
 * Anyone may read a manifest (no auth, no cookie, publicly cacheable); nothing about the caller is recorded
 * here beyond what the access log of whatever fronts the Cloud keeps.
 */

/** How long caches may keep a manifest: a release reaches everyone within the hour, and the CDN is spared. */
const MANIFEST_CACHE_CONTROL = "public, max-age=300";

function notPublished(detail: string): CloudError {
  return new CloudError("NOT_FOUND", detail);
}

/**
 * @example
 * registerUpdateManifestRoutes(app, { updatesDir: "/srv/multiclaw/updates" });
 * // GET /updates/v1/stable/linux.json → /srv/multiclaw/updates/stable/linux.json
 */
export function registerUpdateManifestRoutes(app: Hono, settings: { updatesDir: string | undefined }): void {
  app.get(`${UPDATES_PATH_PREFIX}/:channel/:file`, async (context) => {
    const { updatesDir } = settings;
    if (!updatesDir) {
      throw notPublished("This Cloud publishes no update manifests (MULTICLAW_UPDATES_DIR is not set)");
    }
    // Only names from the two closed lists reach the file system, so no path can leave the directory.
    const channel = UpdateChannel.safeParse(context.req.param("channel"));
    const os = UpdateOs.safeParse(context.req.param("file").replace(/\.json$/, ""));
    if (!channel.success || !os.success || !context.req.param("file").endsWith(".json")) {
      throw notPublished("No such update channel or operating system");
    }
    let bytes: Buffer;
    try {
      bytes = await readFile(join(updatesDir, channel.data, `${os.data}.json`));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") {
        throw notPublished(`No release is published for ${channel.data} on ${os.data}`);
      }
      throw error;
    }
    return new Response(new Uint8Array(bytes), {
      headers: { "content-type": "application/json", "cache-control": MANIFEST_CACHE_CONTROL },
    });
  });
}
