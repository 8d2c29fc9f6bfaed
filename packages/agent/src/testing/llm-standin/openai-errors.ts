/*
 * OpenAI's error bodies (https://platform.openai.com/docs/guides/error-codes): `{ error: { message, type,
 * param, code } }`, the same for the Responses and Chat Completions APIs.
 */

const openaiErrors: Record<number, { type: string; code: string | null; message: string }> = {
  400: { type: "invalid_request_error", code: null, message: "Invalid request." },
  401: {
    type: "invalid_request_error",
    code: "invalid_api_key",
    message:
      "Incorrect API key provided. You can find your API key at https://platform.openai.com/account/api-keys.",
  },
  403: {
    type: "invalid_request_error",
    code: "unsupported_country_region_territory",
    message: "Country, region, or territory not supported",
  },
  404: { type: "invalid_request_error", code: "model_not_found", message: "The model does not exist." },
  429: {
    type: "requests",
    code: "rate_limit_exceeded",
    message:
      "Rate limit reached for requests per min (RPM): Limit 3, Used 3, Requested 1. Please try again in 1s.",
  },
  500: {
    type: "server_error",
    code: null,
    message: "The server had an error while processing your request. Sorry about that!",
  },
  503: {
    type: "server_error",
    code: null,
    message: "The engine is currently overloaded, please try again later.",
  },
};

export function openaiErrorBody(status: number, message: string | undefined) {
  const known = openaiErrors[status] ?? openaiErrors[status >= 500 ? 500 : 400];
  return {
    error: {
      message: message ?? known?.message ?? "Error",
      type: known?.type ?? "invalid_request_error",
      param: null,
      code: known?.code ?? null,
    },
  };
}

/** OpenAI masks all but the first three and last four characters of the key it rejects. */
export function openaiKeyRejection(apiKey: string, echoKey: boolean) {
  const masked =
    apiKey.length > 12
      ? `${apiKey.slice(0, 3)}${"*".repeat(apiKey.length - 7)}${apiKey.slice(-4)}`
      : "*".repeat(8);
  const shown = echoKey ? apiKey : masked;
  return {
    status: 401,
    body: openaiErrorBody(
      401,
      `Incorrect API key provided: ${shown}. You can find your API key at https://platform.openai.com/account/api-keys.`,
    ),
  };
}
