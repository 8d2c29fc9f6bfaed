/*
 * @multiclaw/agent/testing/llm-standin: the LLM vendors stood in for by a local server, for tests and
 * benchmarks. The real AI SDK providers run against it, so what they send and parse is the vendors' wire format.
 */
export type { RecordedRequest } from "./llm-standin/recorded-request.ts";
export { type LlmStandin, type LlmStandinOptions, startLlmStandin } from "./llm-standin/standin-server.ts";
export type {
  AnswerShape,
  HttpErrorTurn,
  LlmTurn,
  RejectKeyTurn,
  StandinProvider,
  StandinToolCall,
  StandinUsage,
  StreamFault,
  TextTurn,
  ToolCallsTurn,
} from "./llm-standin/turns.ts";
export type { RecordedToolResult, WireFormatName } from "./llm-standin/wire-format.ts";
