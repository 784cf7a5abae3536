import { isExpired, type SignInTokenOutputs } from "../../core/outputs";

// For states written by 0.1.0 (see README.md here).
export { isExpired, toOutputs } from "../../core/outputs";

/**
 * 0.1.0's `read` revokes a ticket that is "due" and still valid, then drops it. `read` must
 * change nothing at Clerk (it runs during `pulumi preview --refresh`), so for that caller a
 * ticket is due only once it has expired: it is then dropped without a request, as the
 * current `read` does.
 */
export const isDueForRenewal: (outputs: Partial<SignInTokenOutputs>, now?: number) => boolean = isExpired;
