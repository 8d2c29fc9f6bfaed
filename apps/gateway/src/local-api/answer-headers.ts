import type { IncomingMessage, ServerResponse } from "node:http";
import helmet from "helmet";

/*
 * Headers every answer of the local API carries, errors included: it answers with the user's work, so nothing
 * may be cached, framed, sniffed or embedded by another site. (No HSTS: it is plain HTTP on loopback.)
 */
const securityHeaders = helmet({
  contentSecurityPolicy: {
    useDefaults: false,
    directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] },
  },
  strictTransportSecurity: false,
  referrerPolicy: { policy: "no-referrer" },
  xFrameOptions: { action: "deny" },
  crossOriginResourcePolicy: { policy: "same-origin" },
});

export function setAnswerHeaders(request: IncomingMessage, response: ServerResponse): void {
  // Helmet's middleware sets its headers synchronously and then calls back.
  securityHeaders(request, response, (error?: unknown) => {
    if (error) throw error;
  });
  response.setHeader("cache-control", "no-store");
}
