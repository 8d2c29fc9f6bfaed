import { readFile } from "node:fs/promises";
import type { Hono } from "hono";

/**
 * The Cloud's own small page (apps/cloud/web): create an account or sign in, approve a device code, accept an
 * invitation. The device flow's verification URI and invitation links point here, so they work without the app.
 */
export const CONSOLE_CONTENT_SECURITY_POLICY =
  "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; form-action 'self'; " +
  "frame-ancestors 'none'; base-uri 'none'";

export const consolePagePaths = ["/", "/device", "/join"];

export async function registerConsoleRoutes(app: Hono): Promise<void> {
  const read = (name: string) => readFile(new URL(`../../web/${name}`, import.meta.url), "utf8");
  const [page, script, style] = await Promise.all([
    read("index.html"),
    read("console.js"),
    read("console.css"),
  ]);
  const serve = (body: string, type: string) => () =>
    new Response(body, { headers: { "content-type": type, "cache-control": "no-cache" } });
  for (const path of consolePagePaths) app.get(path, serve(page, "text/html; charset=utf-8"));
  app.get("/assets/console.js", serve(script, "text/javascript; charset=utf-8"));
  app.get("/assets/console.css", serve(style, "text/css; charset=utf-8"));
}
