import { formParamValueInvalid } from "../clerk/errors";
import { errorReply, jsonReply, type Reply } from "../http/reply";
import { userJson } from "../store/user-json";
import type { RouteContext } from "./context";

/** The contract's LimitParameter and OffsetParameter. */
const DEFAULT_LIMIT = 10;
const MAX_LIMIT = 500;

/**
 * GET /v1/users. Only the email_address filter is emulated; other filters are
 * ignored. The array parameter is accepted both repeated
 * (email_address=a&email_address=b) and bracketed (email_address[]=a), the
 * two spellings Clerk's SDKs use. Pagination follows the contract, including
 * the default limit of 10, so a caller that forgets to paginate is caught.
 */
export function listUsers(ctx: RouteContext): Reply {
  const limit = integerParam(ctx.query, "limit", DEFAULT_LIMIT);
  if (limit === undefined || limit < 1 || limit > MAX_LIMIT) {
    return errorReply(formParamValueInvalid("limit", `limit must be an integer between 1 and ${MAX_LIMIT}.`));
  }
  const offset = integerParam(ctx.query, "offset", 0);
  if (offset === undefined || offset < 0) {
    return errorReply(formParamValueInvalid("offset", "offset must be an integer greater than or equal to 0."));
  }

  const addresses = [...ctx.query.getAll("email_address"), ...ctx.query.getAll("email_address[]")];
  const users = addresses.length > 0 ? ctx.store.usersWithAnyEmail(addresses) : ctx.store.allUsers();
  return jsonReply(200, users.slice(offset, offset + limit).map(userJson));
}

/** The parameter as an integer, its default when absent, or undefined when it is not an integer. */
function integerParam(query: URLSearchParams, name: string, fallback: number): number | undefined {
  const raw = query.get(name);
  if (raw === null) return fallback;
  return /^-?\d+$/.test(raw) ? Number(raw) : undefined;
}
