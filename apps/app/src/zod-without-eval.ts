import { z } from "zod";

/*
 * zod compiles fast parsers with `new Function` unless told not to, and probes for it on first parse. Under the
 * App's CSP (`script-src 'self'`, no 'unsafe-eval') the probe is refused and logged as a policy violation, so
 * the page says up front that it parses without generated code. Imported first by main.tsx, before any schema
 * is used.
 */
z.config({ jitless: true });
