/**
 * OpenClaw's config for the bench (written as JSON, which its JSON5 loader reads), as
 * ../shared/design/bench-anchors.md describes a fair comparison: a local gateway on loopback with token auth,
 * its OpenAI-compatible chat endpoint on, and one provider — the same stand-in our gateway uses, through the
 * same tap and the same Chat Completions route — as the default model. Its log goes into the bench folder.
 * The update check is off: it is the one outside call the config can switch off that would otherwise be tried
 * on every start (this machine has no internet, and our gateway makes no such call).
 */
export function openclawConfig(options: { token: string; llmOrigin: string; logFile: string }): unknown {
  return {
    gateway: {
      mode: "local",
      bind: "loopback",
      auth: { mode: "token", token: options.token },
      http: { endpoints: { chatCompletions: { enabled: true } } },
    },
    models: {
      mode: "replace",
      providers: {
        standin: {
          baseUrl: `${options.llmOrigin}/compatible/v1`,
          apiKey: "bench-standin-key-0001",
          api: "openai-completions",
          models: [
            {
              id: "standin-model",
              name: "Stand-in",
              reasoning: false,
              input: ["text"],
              cost: { input: 0, output: 0, cacheRead: 0, cacheWrite: 0 },
              contextWindow: 128_000,
              maxTokens: 4096,
            },
          ],
        },
      },
    },
    agents: { defaults: { model: { primary: "standin/standin-model" } } },
    update: { checkOnStart: false },
    logging: { file: options.logFile },
  };
}
