/*
 * The local API test kit, for other packages' tests (the CLI's): the real local API server on 127.0.0.1 over an
 * in-memory gateway. Re-exported here so callers import `@multiclaw/gateway/testing/fake-local-api` instead of
 * reaching into `src/local-api/`.
 */
export { startTestLocalApi, type TestLocalApi } from "../local-api/test-local-api.ts";
export { CodedError, createFakeGateway, type FakeGateway, newId } from "../local-api/test-local-api-deps.ts";
