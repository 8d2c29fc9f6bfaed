/* The CommonJS files of undici imported one by one (node/undici-parts.ts); each is typed from the root. */
declare module "undici/lib/dispatcher/agent.js" {
  const Agent: typeof import("undici").Agent;
  export default Agent;
}
declare module "undici/lib/core/connect.js" {
  const buildConnector: typeof import("undici").buildConnector;
  export default buildConnector;
}
declare module "undici/lib/global.js" {
  const global: {
    getGlobalDispatcher: typeof import("undici").getGlobalDispatcher;
    setGlobalDispatcher: typeof import("undici").setGlobalDispatcher;
  };
  export default global;
}
declare module "undici/lib/web/fetch/index.js" {
  const fetchModule: { fetch: typeof import("undici").fetch };
  export default fetchModule;
}
