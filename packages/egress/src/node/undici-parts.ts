/*
 * The parts of undici the guard and its fetch use, imported from their own files rather than the package
 * root. The root loads all of undici — mock agents, caches, proxy and retry agents, WebSocket, EventSource —
 * which cost the gateway ~2 MiB of heap and ~5 MiB of resident memory for four pieces it uses. undici has no
 * "exports" map, so these paths are public to Node; the version is pinned in package.json, and the guard's
 * tests fail if a file moves in an upgrade. Types still come from the package root. The web classes are the
 * ones undici's fetch (below) loads anyway; web-classes.ts makes them the process's globals.
 */
import type * as Undici from "undici";
import connectModule from "undici/lib/core/connect.js";
import agentModule from "undici/lib/dispatcher/agent.js";
import globalModule from "undici/lib/global.js";
import formDataModule from "undici/lib/web/fetch/formdata.js";
import headersModule from "undici/lib/web/fetch/headers.js";
import fetchModule from "undici/lib/web/fetch/index.js";
import requestModule from "undici/lib/web/fetch/request.js";
import responseModule from "undici/lib/web/fetch/response.js";

export const Agent: typeof Undici.Agent = agentModule;
export const buildConnector: typeof Undici.buildConnector = connectModule;
export const getGlobalDispatcher: typeof Undici.getGlobalDispatcher = globalModule.getGlobalDispatcher;
export const setGlobalDispatcher: typeof Undici.setGlobalDispatcher = globalModule.setGlobalDispatcher;
/** undici's fetch, the same version as the dispatcher handed to it. */
export const undiciFetch: typeof Undici.fetch = fetchModule.fetch;
export const UndiciHeaders: typeof Undici.Headers = headersModule.Headers;
export const UndiciRequest: typeof Undici.Request = requestModule.Request;
export const UndiciResponse: typeof Undici.Response = responseModule.Response;
export const UndiciFormData: typeof Undici.FormData = formDataModule.FormData;
