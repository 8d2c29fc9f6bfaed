/*
 * The connection inventory: every outbound connection the product may make, declared once. The guard enforces
 * it, the ledger reports against it and docs/network.md is generated from it, so the published list and the
 * code cannot drift apart. Pure data: no Node built-ins, so the app's browser side can show the same rows.
 */

/** The LLM providers that have their own row (`openai-compatible` is one row for the user's own endpoint). */
export type ProviderName = "openai" | "anthropic" | "gemini" | "openai-compatible";

/**
 * When a row may connect, as a name the runtime evaluates against its live state (the guard asks on every
 * new connection). `key-configured:<provider>` and `mcp-enabled:<server>` carry the thing they depend on.
 */
export type ConditionName =
  | "signed-in"
  | "gateway-running"
  | "app-start-or-manual-check"
  | "cloud-desktop-open"
  | `key-configured:${ProviderName}`
  | "operation-running"
  | "message-has-url"
  | "tool-call-with-url-shown"
  | `mcp-enabled:${string}`
  | "user-initiated";

/**
 * Which addresses a row may reach after DNS. `public-only` refuses loopback, private and link-local addresses
 * (the DNS-rebinding guard); `loopback-allowed` may be configured to a loopback address — the embedded default
 * serves the Cloud, update manifests and progress on 127.0.0.1, and tests point vendors at local stand-ins —
 * and is otherwise public-only, so a configured name can never be rebound to a private address. `web-fetch`
 * stays public-only: a page the agent fetches must not reach the user's own network; `private-allowed` may also reach the local network (an MCP
 * server on the LAN) but never link-local (cloud metadata endpoints).
 */
export type AddressPolicy = "public-only" | "loopback-allowed" | "private-allowed";

/** A row as declared: what users read, plus what the guard needs. Hosts here are the shipped defaults. */
export interface RowTemplate {
  /** Stable id; `mcp:<name>` for the one-per-server pattern row. */
  readonly id: string;
  readonly title: string;
  /** Default hosts, as published (`*.pusher.com`, or a description for user-configured rows). */
  readonly defaultHosts: readonly string[];
  /** Protocols as users read them (HTTPS, WSS, UDP…). */
  readonly protocols: readonly string[];
  readonly purpose: string;
  /** The runtime condition; for pattern rows, the template with `<name>` in it. */
  readonly condition: ConditionName;
  /** When the connection occurs, in the user's words. */
  readonly when: string;
  /** What data the connection carries. */
  readonly carries: string;
  /** What stops working if the connection is blocked. */
  readonly ifBlocked: string;
  readonly address: AddressPolicy;
}

/** The declared rows, in the order users read them. */
export const rowTemplates: readonly RowTemplate[] = [
  {
    id: "cloud-api",
    title: "MultiClaw Cloud (API)",
    defaultHosts: ["api.multiclaw.io"],
    protocols: ["HTTPS"],
    purpose: "Sync of configuration, task state and membership; heartbeats.",
    condition: "signed-in",
    when: "While the gateway runs and it, or a user through it, is signed in",
    carries:
      "Configuration, task state, progress reports and heartbeats; the keys, agents, tasks and members a signed-in user manages from the terminal or the app. Never prompts, task content or files.",
    ifBlocked: "No sync and no task assignments: core functions stop, and the app says so.",
    address: "loopback-allowed",
  },
  {
    id: "cloud-events",
    title: "MultiClaw Cloud (events)",
    defaultHosts: ["ws.multiclaw.io"],
    protocols: ["WSS"],
    purpose: "Events pushed by the Cloud: new assignments, teammates' configuration changes.",
    condition: "gateway-running",
    when: "While the gateway runs; also, as the signed-in user, while an app page shows the tasks of a workspace the gateway is not signed in to",
    carries: "Pushed events such as task assignments and configuration changes.",
    ifBlocked: 'Changes arrive only at the next sync; the app shows "live updates unavailable".',
    address: "loopback-allowed",
  },
  {
    id: "updates",
    title: "Update check",
    defaultHosts: ["cdn.multiclaw.io"],
    protocols: ["HTTPS"],
    purpose: "Checks for and downloads a newer app version.",
    condition: "app-start-or-manual-check",
    when: 'At app start and when you choose "check for updates"',
    carries: "The app version and the operating system. No account, device or usage data.",
    ifBlocked: "The app keeps working without updates; you can download a new version by hand.",
    address: "loopback-allowed",
  },
  {
    id: "turn",
    title: "TURN relay (cloud desktop)",
    defaultHosts: ["turn.multiclaw.io"],
    protocols: ["HTTPS (TURN/TLS)", "UDP (TURN)"],
    purpose: "Relays a cloud desktop session when a direct peer-to-peer path is not possible.",
    condition: "cloud-desktop-open",
    when: "While a cloud desktop is open and a direct connection failed",
    carries: "The encrypted WebRTC stream: screen images, keyboard and mouse input.",
    ifBlocked: "A cloud desktop may not open on networks that also block peer-to-peer connections.",
    address: "loopback-allowed",
  },
  ...(
    [
      ["openai", "OpenAI API", "api.openai.com"],
      ["anthropic", "Anthropic API", "api.anthropic.com"],
      ["gemini", "Google Gemini API", "generativelanguage.googleapis.com"],
    ] as const
  ).map(
    ([provider, title, host]): RowTemplate => ({
      id: `llm-${provider}`,
      title,
      defaultHosts: [host],
      protocols: ["HTTPS"],
      purpose: `Model calls for tasks that use ${title.replace(" API", "")} models.`,
      condition: `key-configured:${provider}`,
      when: `When a key for this provider is configured and a task uses one of its models`,
      carries: "The prompt, the task's context and the files you chose to include.",
      ifBlocked: "Tasks on this provider fail with a clear error; other providers keep working.",
      address: "loopback-allowed",
    }),
  ),
  {
    id: "llm-openai-compatible",
    title: "OpenAI-compatible endpoint",
    defaultHosts: ["User-configured (the key's base URL)"],
    protocols: ["HTTPS", "HTTP on loopback"],
    purpose: "Model calls to a server you run or chose (Ollama, vLLM, LM Studio…), by its base URL.",
    condition: "key-configured:openai-compatible",
    when: "When a key with a base URL is configured for it and a task uses one of its models",
    carries: "The prompt, the task's context and the files you chose to include.",
    ifBlocked: "Tasks on that endpoint fail with a clear error; other providers keep working.",
    // A local model server is usually on this machine or the local network.
    address: "private-allowed",
  },
  {
    id: "progress",
    title: "Live progress (Pusher)",
    defaultHosts: ["*.pusher.com"],
    protocols: ["WSS"],
    purpose: "Live progress of SOP generation and skill compilation.",
    condition: "operation-running",
    when: "While an SOP generation or skill compilation runs; closed when it ends",
    carries: "Structured progress events only (stage, percent, counts). No task content.",
    ifBlocked: "No live progress; the operation still completes and its result appears.",
    address: "loopback-allowed",
  },
  {
    id: "link-preview",
    title: "Link title preview",
    defaultHosts: ["api.microlink.io"],
    protocols: ["HTTPS"],
    purpose: "Fetches the title of a page linked in a chat message.",
    condition: "message-has-url",
    when: "When a chat message contains a URL",
    carries: "That URL.",
    ifBlocked: "Messages show links without title previews.",
    address: "loopback-allowed",
  },
  {
    id: "favicon",
    title: "Favicon service",
    defaultHosts: ["www.google.com (path /s2/favicons)"],
    protocols: ["HTTPS"],
    purpose: "Fetches the icon shown beside a link in a tool call.",
    condition: "tool-call-with-url-shown",
    when: "When a chat message shows a tool call with a URL",
    carries: "The domain of that URL only, never its path or query.",
    ifBlocked: "Tool calls show links without icons.",
    address: "loopback-allowed",
  },
  {
    id: "mcp:<name>",
    title: "Custom MCP server",
    defaultHosts: ["User-configured"],
    protocols: ["As configured"],
    purpose: "Tools of an MCP server you added; one row per server.",
    condition: "mcp-enabled:<name>",
    when: "While that server is enabled in your settings",
    carries: "Whatever that server's tools need. MultiClaw does not inspect it.",
    ifBlocked: "That server's tools are unavailable; everything else works.",
    address: "private-allowed",
  },
  {
    id: "web-fetch",
    title: "Web page fetch (agent tool)",
    defaultHosts: ["The page you ask for"],
    protocols: ["HTTPS"],
    purpose: "Fetches a web page as readable text when you ask the agent to read it.",
    condition: "user-initiated",
    when: "Only when you ask for a page to be fetched, for that page",
    carries: "A request for that page's URL.",
    ifBlocked: "The agent cannot read web pages; everything else works.",
    address: "public-only",
  },
];

/** The template of a row id (`mcp:x` maps to `mcp:<name>`). */
export function templateOf(id: string): RowTemplate | undefined {
  const key = id.startsWith("mcp:") ? "mcp:<name>" : id;
  return rowTemplates.find((row) => row.id === key);
}
