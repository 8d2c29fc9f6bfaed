// @ts-check
// Whether the gateway's bundle is current: the shared check of packages/bundle.
export { currentBundle } from "@multiclaw/bundle/current-bundle";
