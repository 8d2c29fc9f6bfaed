import { getConnInfo } from "@hono/node-server/conninfo";
import { buildOpenApiDocument, PROTOCOL_HEADER, SUPPORTED_PROTOCOL_VERSIONS } from "@multiclaw/protocol";
import { type Context, Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { HTTPException } from "hono/http-exception";
import { secureHeaders } from "hono/secure-headers";
import type { Logger } from "pino";
import { CloudError, isCloudError } from "../errors.ts";
import { CONSOLE_CONTENT_SECURITY_POLICY, consolePagePaths } from "../web/console-routes.ts";
import { problemResponse } from "./problem.ts";

export interface AppSettings {
  bodyLimitBytes: number;
  trustProxy: boolean;
  version: string;
}

/** The client address for rate limits: the socket's peer, or the first X-Forwarded-For hop behind a proxy. */
export function clientAddress(context: Context, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = context.req.header("x-forwarded-for")?.split(",")[0]?.trim();
    if (forwarded) return forwarded;
  }
  try {
    return getConnInfo(context).remote.address ?? "unknown";
  } catch {
    return "unknown";
  }
}

/**
 * The HTTP shell every route runs in: security headers, a body-size limit, the protocol-version check and one
 * error boundary that turns every failure into a problem document. Nothing below it writes error responses.
 */
export function createHttpApp(settings: AppSettings, logger: Logger): Hono {
  const app = new Hono();

  app.use(async (context, next) => {
    await next();
    // The console page runs its own script and styles; everything else is data and may load nothing.
    if (consolePagePaths.includes(context.req.path) || context.req.path.startsWith("/assets/")) {
      context.res.headers.set("content-security-policy", CONSOLE_CONTENT_SECURITY_POLICY);
    }
  });
  app.use(
    secureHeaders({
      contentSecurityPolicy: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] },
      strictTransportSecurity: "max-age=31536000; includeSubDomains",
      referrerPolicy: "no-referrer",
      xFrameOptions: "DENY",
      crossOriginResourcePolicy: "same-site",
    }),
  );
  app.use(async (context, next) => {
    await next();
    if (!context.res.headers.has("cache-control")) context.res.headers.set("cache-control", "no-store");
  });
  app.use(
    bodyLimit({
      maxSize: settings.bodyLimitBytes,
      onError: () => {
        throw new CloudError("BODY_TOO_LARGE", `Bodies are limited to ${settings.bodyLimitBytes} bytes`);
      },
    }),
  );
  app.use(async (context, next) => {
    const requested = context.req.header(PROTOCOL_HEADER);
    if (requested !== undefined && !SUPPORTED_PROTOCOL_VERSIONS.includes(Number(requested))) {
      throw new CloudError(
        "PROTOCOL_UNSUPPORTED",
        `This Cloud speaks protocol ${SUPPORTED_PROTOCOL_VERSIONS.join(", ")}; update the client`,
      );
    }
    await next();
  });

  app.get("/openapi.json", (context) =>
    context.json(
      buildOpenApiDocument({ serverUrl: new URL(context.req.url).origin, version: settings.version }),
    ),
  );

  app.notFound(() => problemResponse(new CloudError("NOT_FOUND", "No such route")));
  app.onError((error, context) => {
    if (isCloudError(error)) return problemResponse(error);
    if (error instanceof HTTPException) {
      const cause = error.cause;
      if (isCloudError(cause)) return problemResponse(cause);
      if (error.status === 413) return problemResponse(new CloudError("BODY_TOO_LARGE"));
      if (error.status < 500) return problemResponse(new CloudError("BAD_REQUEST", error.message));
    }
    logger.error({ err: error, method: context.req.method, path: context.req.path }, "unhandled error");
    return problemResponse(new CloudError("INTERNAL"));
  });

  return app;
}
