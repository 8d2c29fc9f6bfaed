import { z } from "zod";

export interface SliceOptions {
  /** Resolves in a later task: the page's `scheduler.yield()`, or a timer. */
  nextTask(): Promise<void>;
  /** Elements parsed per task; 100 by default (a few milliseconds of a stored message each slice). */
  sliceSize?: number;
}

function slicedFields(schema: z.ZodType, value: unknown, sliceSize: number): string[] {
  if (!(schema instanceof z.ZodObject) || (schema._zod.def.checks?.length ?? 0) > 0) return [];
  if (typeof value !== "object" || value === null || Array.isArray(value)) return [];
  const record = value as Record<string, unknown>;
  return Object.entries(schema.shape).flatMap(([key, field]) => {
    const items = record[key];
    // An array with checks of its own (a length bound, a refinement) is parsed whole, as the schema says.
    const plainArray = field instanceof z.ZodArray && (field._zod.def.checks?.length ?? 0) === 0;
    return plainArray && Array.isArray(items) && items.length > sliceSize ? [key] : [];
  });
}

/**
 * Parses like `schema.safeParse(value)`, but an object's long arrays (a conversation's 2,000 messages) a slice
 * of elements per task, so a large answer costs many short tasks on a page instead of one long one. The object
 * is parsed with those arrays empty, then each element with the array's own element schema: the same checks,
 * for a plain object of plain arrays (an object or array with refinements of its own is parsed whole). On a
 * failure it stops at the first element that fails, where `safeParse` would list every issue.
 *
 * @example
 * const result = await safeParseInSlices(ConversationDetail, json, { nextTask: () => scheduler.yield() });
 */
export async function safeParseInSlices(
  schema: z.ZodType,
  value: unknown,
  options: SliceOptions,
): Promise<z.ZodSafeParseResult<unknown>> {
  const sliceSize = options.sliceSize ?? 100;
  const fields = slicedFields(schema, value, sliceSize);
  if (fields.length === 0) return schema.safeParse(value);
  const record = value as Record<string, unknown>;
  const envelope = schema.safeParse({ ...record, ...Object.fromEntries(fields.map((key) => [key, []])) });
  if (!envelope.success) return envelope;
  const data = { ...(envelope.data as Record<string, unknown>) };
  const shape = (schema as z.ZodObject).shape;
  for (const key of fields) {
    const element = (shape[key] as z.ZodArray<z.ZodType>).element;
    const items = record[key] as unknown[];
    const parsed: unknown[] = [];
    for (let start = 0; start < items.length; start += sliceSize) {
      await options.nextTask();
      for (let index = start; index < Math.min(items.length, start + sliceSize); index++) {
        const item = element.safeParse(items[index]);
        if (!item.success) {
          const issues = item.error.issues.map((issue) => ({ ...issue, path: [key, index, ...issue.path] }));
          return { success: false, error: new z.ZodError(issues) } as z.ZodSafeParseResult<unknown>;
        }
        parsed.push(item.data);
      }
    }
    data[key] = parsed;
  }
  return { success: true, data };
}
