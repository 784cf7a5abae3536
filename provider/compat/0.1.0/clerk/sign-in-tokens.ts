// For states written by 0.1.0 (see ../README.md).
export { createSignInToken, revokeSignInToken } from "../../../clerk/sign-in-tokens";
