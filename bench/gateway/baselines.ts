import { Agent, request } from "node:http";
import { createModelResolver, Secret } from "@multiclaw/agent";
import { streamText } from "ai";
import { monotonicMs } from "../fanout/clock.ts";
import type { TappedRequest } from "./standin-tap.ts";

/**
 * What one provider call costs without any gateway: the floor a chat turn cannot go below. A turn's overhead
 * is its time minus this, measured in the same run, paired turn by turn.
 */
export interface Baselines {
  /**
   * The exact request a gateway just sent (same path, headers and body bytes) sent again to the stand-in
   * through the tap, and its whole answer read: the stand-in's own time for that model call.
   */
  replay(captured: TappedRequest): Promise<number>;
  /**
   * The same kind of model call made with the AI SDK directly — the provider code our gateway runs — with a
   * one-line prompt (no system prompt, no tools): the stand-in plus the AI SDK's own cost.
   */
  aiSdkCall(): Promise<number>;
  close(): void;
}

/** Our gateway's provider and model in the bench (an OpenAI-compatible endpoint, as OpenClaw's is). */
export const benchProvider = "openai-compatible" as const;
export const benchModel = "standin-model";
/** A key for the stand-in; worthless anywhere else. */
export const benchProviderKey = "bench-standin-key-0001";

export function createBaselines(tapOrigin: string): Baselines {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const models = createModelResolver({
    keys: new Map([
      [benchProvider, { apiKey: new Secret(benchProviderKey), baseUrl: `${tapOrigin}/compatible/v1` }],
    ]),
  });
  const model = models.model(benchProvider, benchModel);
  const origin = new URL(tapOrigin);

  return {
    replay(captured) {
      return new Promise((resolve, reject) => {
        const sentAt = monotonicMs();
        const outgoing = request(
          {
            host: origin.hostname,
            port: origin.port,
            method: captured.method,
            path: captured.path,
            headers: { ...captured.headers, "content-length": String(captured.body.length) },
            agent,
          },
          (answer) => {
            answer.on("data", () => {});
            answer.on("end", () => {
              if (answer.statusCode !== 200) reject(new Error(`replay: HTTP ${answer.statusCode}`));
              else resolve(monotonicMs() - sentAt);
            });
            answer.on("error", reject);
          },
        );
        outgoing.on("error", reject);
        outgoing.end(captured.body);
      });
    },

    async aiSdkCall() {
      const startedAt = monotonicMs();
      const result = streamText({ model, prompt: "hi", maxRetries: 0 });
      let text = "";
      for await (const delta of result.textStream) text += delta;
      const elapsed = monotonicMs() - startedAt;
      if (text.length === 0) throw new Error("AI SDK baseline: the stand-in answered no text");
      return elapsed;
    },

    close() {
      agent.destroy();
    },
  };
}
