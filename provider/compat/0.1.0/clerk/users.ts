// For states written by 0.1.0 (see ../README.md).
export { listUsersByEmail } from "../../../clerk/users";
