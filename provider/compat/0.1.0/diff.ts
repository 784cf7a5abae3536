// For states written by 0.1.0 (see README.md here).
export { diffSignInToken } from "../../core/diff";
