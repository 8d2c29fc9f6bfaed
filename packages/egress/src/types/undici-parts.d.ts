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
declare module "undici/lib/web/fetch/headers.js" {
  const headersModule: { Headers: typeof import("undici").Headers };
  export default headersModule;
}
declare module "undici/lib/web/fetch/request.js" {
  const requestModule: { Request: typeof import("undici").Request };
  export default requestModule;
}
declare module "undici/lib/web/fetch/response.js" {
  const responseModule: { Response: typeof import("undici").Response };
  export default responseModule;
}
declare module "undici/lib/web/fetch/formdata.js" {
  const formDataModule: { FormData: typeof import("undici").FormData };
  export default formDataModule;
}
