import { CloudError } from "@multiclaw/cloud-client";
import { GatewayApiError } from "@multiclaw/gateway-client";

/** The sentence to show for a failed call: the API's own message (its stable code's), field by field when given. */
export function describeError(error: unknown): string {
  if (error instanceof GatewayApiError || error instanceof CloudError) {
    const fields = error.fieldProblems?.map((problem) => `${problem.path}: ${problem.message}`) ?? [];
    return fields.length > 0 ? `${error.message} (${fields.join("; ")})` : error.message;
  }
  if (error instanceof Error) return error.message;
  return "Something went wrong.";
}
