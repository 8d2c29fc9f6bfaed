import type { ReactElement } from "react";
import { createRenderedMarkdownCache } from "../state/rendered-markdown-cache.ts";

/*
 * Parsing is the cost of a message: a virtualised row that scrolls out and back in would parse again. Rendered
 * elements are immutable, so each message part keeps its own (by message id, while its text is the same) and a
 * returning row costs no parse. Enough for every answer of a 2,000-message conversation and the blocks of the
 * one streaming; the renderer's chunk writes it, and the plain-text stand-in reads it to skip waiting.
 */
const RENDERED_CAPACITY = 2_500;

export const renderedMarkdown = createRenderedMarkdownCache<ReactElement>(RENDERED_CAPACITY);
