#!/usr/bin/env node
// The `multiclaw` command. The CLI is TypeScript run without a build step, so tsx is registered first.
import { register } from "tsx/esm/api";

register();
await import("../src/main.ts");
