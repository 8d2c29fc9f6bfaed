import type { ServerResponse } from "node:http";

const page = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>MultiClaw: the App is not built</title></head>
<body>
<h1>The App is not built</h1>
<p>The gateway is running, but it has no App to show. Build it with <code>npm run build:app</code>, then reload
this page.</p>
</body>
</html>
`;

/** What the App's address answers while there are no built files: 503, and how to build them. */
export function answerAppNotBuilt(response: ServerResponse, method: string): void {
  response.writeHead(503, {
    "content-type": "text/html; charset=utf-8",
    "content-length": Buffer.byteLength(page),
    // Building takes a moment; asking again is the point.
    "retry-after": "5",
  });
  response.end(method === "HEAD" ? undefined : page);
}
