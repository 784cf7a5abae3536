import { ClerkResponseError, type RequestDescription } from "./errors";
import type { Answer, ClerkRequest } from "./transport";

/** A 2xx body checked against the request's schema, or a ClerkResponseError naming where it breaks. */
export function checkAnswer<T>(request: ClerkRequest<T>, answer: Answer): T {
  const description: RequestDescription = { method: request.method, path: request.path };
  if (!answer.isJson) {
    throw new ClerkResponseError({
      status: answer.status,
      traceId: answer.traceId,
      request: description,
      issues: ["the body is not JSON"],
    });
  }
  const parsed = request.schema.safeParse(answer.body);
  if (parsed.success) return parsed.data;
  // Paths and messages only: the values may be tokens.
  const issues = parsed.error.issues.slice(0, 5).map((issue) => {
    const where = issue.path.length > 0 ? issue.path.join(".") : "(body)";
    return `${where}: ${issue.message}`;
  });
  throw new ClerkResponseError({ status: answer.status, traceId: answer.traceId, request: description, issues });
}
