import type { ClerkErrorDetail } from "./errors";

/**
 * Reads Clerk's `ClerkErrors` body leniently: an error answer must always become a useful
 * error, even when a proxy in front of Clerk answers with HTML or an empty body.
 */
export function readClerkErrors(body: unknown): { errors: ClerkErrorDetail[]; traceId?: string } {
  if (typeof body !== "object" || body === null) return { errors: [] };
  const record = body as Record<string, unknown>;
  const list = Array.isArray(record.errors) ? record.errors : [];
  const errors: ClerkErrorDetail[] = [];
  for (const item of list) {
    if (typeof item !== "object" || item === null) continue;
    const e = item as Record<string, unknown>;
    errors.push({
      code: typeof e.code === "string" ? e.code : "unknown",
      message: typeof e.message === "string" ? e.message : "",
      longMessage: typeof e.long_message === "string" ? e.long_message : "",
      meta: typeof e.meta === "object" && e.meta !== null ? (e.meta as Record<string, unknown>) : undefined,
    });
  }
  const traceId = typeof record.clerk_trace_id === "string" ? record.clerk_trace_id : undefined;
  return { errors, traceId };
}
