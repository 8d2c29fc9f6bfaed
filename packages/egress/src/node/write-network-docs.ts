/*
 * `npm run docs:network`: writes docs/network.md from the inventory. A script, not a library module: it is
 * not exported, and importing it writes the file.
 */
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { renderNetworkDocs } from "../render-docs.ts";

/** Where the generated page lives, relative to this file. */
export const networkDocsPath = fileURLToPath(new URL("../../../../docs/network.md", import.meta.url));

writeFileSync(networkDocsPath, renderNetworkDocs());
console.log(`wrote ${networkDocsPath}`);
