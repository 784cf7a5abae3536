// For states written by 0.1.0 (see ../README.md).
export { ClerkResponseError, isClerkApiError } from "../../../clerk/errors";
