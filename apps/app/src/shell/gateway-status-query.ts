import { isGatewayApiError } from "@multiclaw/gateway-client";
import { queryOptions, useQuery } from "@tanstack/react-query";
import { gateway } from "../api/clients.ts";
import type { GatewayPoll } from "./link-status.ts";

/** `GET /v1/status`, which the status bar polls; other screens may read the same cache. */
export const gatewayStatusKey = ["gateway", "status"] as const;

/** Often enough that a dropped link shows within seconds; cheap for the gateway (nothing leaves the machine). */
const POLL_MS = 3000;
/** A gateway that does not answer within this is as good as gone for the bar. */
const ANSWER_WITHIN_MS = 2500;

export const gatewayStatusOptions = () =>
  queryOptions({
    queryKey: gatewayStatusKey,
    queryFn: ({ signal }) =>
      gateway.status({ signal: AbortSignal.any([signal, AbortSignal.timeout(ANSWER_WITHIN_MS)]) }),
    refetchInterval: POLL_MS,
    // Each poll is its own retry; a failure shows at once rather than after the retries.
    retry: false,
  });

/** The page's last poll of the gateway, for `summariseLinks`. */
export function useGatewayPoll(): GatewayPoll {
  const query = useQuery(gatewayStatusOptions());
  if (query.isError) {
    const error = query.error;
    return isGatewayApiError(error)
      ? { ok: false, code: error.code, message: error.message }
      : { ok: false, code: "INTERNAL", message: error.message };
  }
  return query.data ? { ok: true, status: query.data } : { ok: null };
}
