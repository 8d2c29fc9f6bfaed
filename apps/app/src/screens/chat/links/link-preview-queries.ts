import type { LinkPreview } from "@multiclaw/protocol";
import { queryOptions } from "@tanstack/react-query";
import { gateway } from "../../../api/clients.ts";

/*
 * Link previews in TanStack Query, one entry per URL: a link seen in several messages, or again after a
 * conversation switch, is asked of the gateway once. The gateway keeps its own cache and the preview
 * service's row; this one only spares the local round trip.
 */

export const linkPreviewKeys = {
  root: ["link-preview"] as const,
  of: (url: string) => [...linkPreviewKeys.root, url] as const,
};

/** A page's title rarely changes while a conversation is open. */
const READY_STALE_MS = 60 * 60_000;
/**
 * A link without a preview is asked again after a few minutes, when the component shows again: the row may
 * have been unblocked, or the service may answer again (the gateway waits as long before retrying a failure).
 */
const UNAVAILABLE_STALE_MS = 5 * 60_000;

export const linkPreviewQuery = (url: string) =>
  queryOptions({
    queryKey: linkPreviewKeys.of(url),
    queryFn: ({ signal }): Promise<LinkPreview> => gateway.linkPreview(url, { signal }),
    staleTime: (query) => (query.state.data?.state === "ready" ? READY_STALE_MS : UNAVAILABLE_STALE_MS),
    // A preview is decoration: an error means no card, never a retry storm or a notice.
    retry: false,
    refetchOnWindowFocus: false,
  });
