import type { LanguageModelV3Message, LanguageModelV3Prompt } from "@ai-sdk/provider";
import type { ModelMessage } from "ai";

/*
 * The conversation in the provider models' own prompt format (LanguageModelV3Prompt), as `streamText` would
 * hand it to them. It covers the message shapes the engine builds (model-messages.ts): text from the user,
 * text and tool calls from the assistant, tool results. Anything else is a programming error and says so.
 */

export function toProviderPrompt(system: string, messages: readonly ModelMessage[]): LanguageModelV3Prompt {
  const prompt: LanguageModelV3Prompt = [];
  if (system.length > 0) prompt.push({ role: "system", content: system });
  for (const message of messages) prompt.push(toProviderMessage(message));
  return prompt;
}

function toProviderMessage(message: ModelMessage): LanguageModelV3Message {
  switch (message.role) {
    case "system":
      return { role: "system", content: message.content };
    case "user":
      if (typeof message.content === "string") {
        return { role: "user", content: [{ type: "text", text: message.content }] };
      }
      return {
        role: "user",
        content: message.content.map((part) => {
          if (part.type !== "text") throw new TypeError(`a user ${part.type} part is not supported here`);
          return { type: "text", text: part.text };
        }),
      };
    case "assistant": {
      if (typeof message.content === "string") {
        return { role: "assistant", content: [{ type: "text", text: message.content }] };
      }
      const content: Extract<LanguageModelV3Message, { role: "assistant" }>["content"] = [];
      for (const part of message.content) {
        if (part.type === "text") {
          // As the AI SDK does: an empty text part is left out (some providers refuse it).
          if (part.text !== "") content.push({ type: "text", text: part.text });
        } else if (part.type === "tool-call") {
          content.push({
            type: "tool-call",
            toolCallId: part.toolCallId,
            toolName: part.toolName,
            input: part.input,
          });
        } else {
          throw new TypeError(`an assistant ${part.type} part is not supported here`);
        }
      }
      return { role: "assistant", content };
    }
    case "tool":
      return {
        role: "tool",
        content: message.content.map((part) => {
          if (part.type !== "tool-result") {
            throw new TypeError(`a tool ${part.type} part is not supported here`);
          }
          const { output } = part;
          if (output.type !== "text" && output.type !== "error-text") {
            throw new TypeError(`a ${output.type} tool result is not supported here`);
          }
          return {
            type: "tool-result",
            toolCallId: part.toolCallId,
            toolName: part.toolName,
            output: { type: output.type, value: output.value },
          };
        }),
      };
  }
}
