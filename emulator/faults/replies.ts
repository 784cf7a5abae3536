import { internalClerkError, maintenanceMode } from "../clerk/errors";
import { rateLimitedReply } from "../http/rate-limiter";
import { errorReply, type Reply } from "../http/reply";
import type { StatusFaultKind } from "./kinds";

/**
 * What a status fault answers. 500 and 503 come from Clerk's API itself, so
 * they carry ClerkErrors bodies (internal_clerk_error, maintenance_mode). A
 * 502 is produced by the proxy in front of the API when the API is
 * unreachable, and a proxy knows nothing of Clerk's error format: it answers
 * a bare HTML page. Clients must therefore cope with a non-JSON error body.
 */
const FAULT_REPLIES: Record<StatusFaultKind, () => Reply> = {
  500: () => errorReply(internalClerkError()),
  502: () => ({
    kind: "text",
    status: 502,
    contentType: "text/html",
    body: "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n</body>\r\n</html>\r\n",
  }),
  503: () => errorReply(maintenanceMode()),
  // The limiter's answer, with the shortest wait it could ask for.
  429: () => rateLimitedReply(1),
};

export function faultReply(kind: StatusFaultKind): Reply {
  return FAULT_REPLIES[kind]();
}
