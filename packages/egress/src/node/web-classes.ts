import { UndiciFormData, UndiciHeaders, UndiciRequest, UndiciResponse } from "./undici-parts.ts";

/*
 * Node's global Headers, Request, Response and FormData come from a copy of undici built into Node, loaded the
 * first time any of them is touched: ~11 MiB resident on Node 20, ~17 MiB on Node 24. A process that already
 * runs this package's undici (the guard's dispatcher and fetch load these very classes) can make them the
 * globals instead, so the AI SDK's `new Headers()` and the Responses of dispatch-fetch.ts never load the second
 * copy. Global `fetch` stays Node's: nothing in the gateway calls it (its calls go through the guard).
 */

const classes = {
  Headers: UndiciHeaders,
  Request: UndiciRequest,
  Response: UndiciResponse,
  FormData: UndiciFormData,
} as const;

/** Installs undici's web classes as the process's globals; call it before anything touches them. */
export function useUndiciWebClasses(): void {
  const globals = globalThis as Record<string, unknown>;
  for (const [name, value] of Object.entries(classes)) {
    // Node's global is lazy: reading it loads the built-in copy. Deleted first, because on Node 24 redefining
    // it in place (Object.defineProperty over it) loads the copy too, as reading would; deleting does not.
    delete globals[name];
    Object.defineProperty(globalThis, name, { value, writable: true, configurable: true, enumerable: false });
  }
}
