/* The App's built files, served by the gateway on its own origin under the App's CSP. */
export { type AppCaching, setAppAnswerHeaders } from "./app-answer-headers.ts";
export { appContentSecurityPolicy, serialiseContentSecurityPolicy } from "./app-csp.ts";
export { installedAppDirectory } from "./app-directory.ts";
export { type AppFiles, createAppFiles } from "./app-files.ts";
