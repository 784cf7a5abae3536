import type { IncomingMessage, ServerResponse } from "node:http";
import type { RenderedReply } from "./reply";

/** Far above any real sign-in token request; only there to bound memory. */
const MAX_BODY_BYTES = 1024 * 1024;

export type BodyResult = { ok: true; text: string } | { ok: false; reason: "too_large" | "aborted" };

/** Reads the whole body. An oversized body is still drained, so the answer is not cut off mid-upload. */
export function readBody(req: IncomingMessage): Promise<BodyResult> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on("end", () =>
      resolve(size > MAX_BODY_BYTES ? { ok: false, reason: "too_large" } : { ok: true, text: Buffer.concat(chunks).toString("utf8") }),
    );
    req.on("error", () => resolve({ ok: false, reason: "aborted" }));
    req.on("aborted", () => resolve({ ok: false, reason: "aborted" }));
  });
}

export function writeReply(res: ServerResponse, reply: RenderedReply): void {
  if (res.destroyed || res.writableEnded) return;
  res.writeHead(reply.status, { ...reply.headers, "content-length": String(Buffer.byteLength(reply.body)) });
  res.end(reply.body);
}

/** "Bearer <key>"; the scheme is case-insensitive (RFC 9110), the key is not. */
export function bearerKey(authorization: string | undefined): string | undefined {
  const match = /^bearer +(\S+)\s*$/i.exec(authorization ?? "");
  return match?.[1];
}
