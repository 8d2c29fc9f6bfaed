import type { BenchProduct } from "./bench-product.ts";

/** A user's question and an answer in the shapes a chat holds: short, prose, lists, code. */
export function seededTurn(index: number): { question: string; answer: string } {
  const n = index + 1;
  const answers = [
    `Done — step ${n} is finished.`,
    `Here is what changed in round ${n}. The build now runs the checks before it packs anything, so a failing ` +
      `type check stops it early instead of after the bundle is written. Nothing else moved: the same inputs ` +
      `give the same outputs, and the cache key still covers every file the step reads.`,
    `Things to check for item ${n}:\n\n- the configuration file parses\n- every key has a value\n` +
      `- the port is free\n- the data directory is writable\n- the log level is one of *error*, *warn*, *info*`,
    `A version of the helper for case ${n}:\n\n\`\`\`ts\nexport function retryDelay(attempt: number): number {\n` +
      `  const base = 250 * 2 ** Math.min(attempt, 6);\n  const jitter = Math.random() * base * 0.2;\n` +
      `  return Math.round(base + jitter);\n}\n\`\`\`\n\nIt caps the growth after six attempts.`,
    `**Summary ${n}.** The request went through, and the answer carries \`status: "ok"\`.\n\n` +
      `Two follow-ups remain: the retry budget in the worker, and a test for the empty input, which currently ` +
      `returns an empty list rather than the documented error.`,
  ];
  const questions = [
    `Please run step ${n}.`,
    `What changed in round ${n}? Keep it short.`,
    `Give me a checklist for item ${n}.`,
    `Write a retry delay helper for case ${n} in TypeScript.`,
    `Summarise request ${n} and what is left to do.`,
  ];
  return {
    question: questions[n % questions.length] as string,
    answer: answers[n % answers.length] as string,
  };
}

/**
 * A conversation of `messages` messages (half the person's, half the agent's) made as a client makes one —
 * through the gateway's local API, one turn after another against the stand-in, each answer a whole text in one
 * write — so every message is stored by the real run path. Resolves with its id once the gateway holds them all.
 */
export async function seedConversation(
  bench: BenchProduct,
  messages: number,
  log: (line: string) => void,
): Promise<string> {
  const turns = Math.ceil(messages / 2);
  let conversationId = "";
  const startedAt = Date.now();
  for (let index = 0; index < turns; index++) {
    const { question, answer } = seededTurn(index);
    bench.llm.enqueue({ type: "text", text: answer });
    const run =
      index === 0
        ? await bench.gateway.createConversation({ agentId: bench.agentId, text: question })
        : await bench.gateway.sendMessage(conversationId, { text: question });
    conversationId = run.conversationId;
    const state = await bench.runs.untilEnded(run.id);
    if (state !== "completed") throw new Error(`seeding turn ${index + 1} ended ${state}`);
    if ((index + 1) % 200 === 0)
      log(`  seeded ${2 * (index + 1)} messages (${((Date.now() - startedAt) / 1000).toFixed(0)} s)`);
  }
  const detail = await bench.gateway.getConversation(conversationId);
  if (detail.messages.length !== 2 * turns)
    throw new Error(`the conversation holds ${detail.messages.length} messages, not ${2 * turns}`);
  log(
    `seeded a conversation of ${detail.messages.length} messages in ${((Date.now() - startedAt) / 1000).toFixed(1)} s`,
  );
  return conversationId;
}
