import { internalClerkError, maintenanceMode, tooManyRequests } from "./clerk-errors";
import { errorReply, type Reply } from "./reply";

/**
 * What a status fault answers. 500 and 503 come from Clerk's API itself, so
 * they carry ClerkErrors bodies (internal_clerk_error, maintenance_mode). A
 * 502 is produced by the proxy in front of the API when the API is
 * unreachable, and a proxy knows nothing of Clerk's error format: it answers
 * a bare HTML page. Clients must therefore cope with a non-JSON error body.
 */
export function faultReply(status: 500 | 502 | 503 | 429): Reply {
  switch (status) {
    case 500:
      return errorReply(internalClerkError());
    case 502:
      return {
        kind: "text",
        status: 502,
        contentType: "text/html",
        body: "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n</body>\r\n</html>\r\n",
      };
    case 503:
      return errorReply(maintenanceMode());
    case 429:
      // The limiter's answer, with the shortest wait it could ask for.
      return errorReply(tooManyRequests(), { "retry-after": "1" });
  }
}
