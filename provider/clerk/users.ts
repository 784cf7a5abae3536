import type { ClerkClient } from "./client";
import type { UserObject } from "./objects";
import { userListSchema } from "./schemas";

/** `GET /users?email_address=…` (GetUserList): the users holding this address. */
export function listUsersByEmail(client: ClerkClient, email: string): Promise<UserObject[]> {
  return client.call({ method: "GET", path: "/users", query: { email_address: [email] }, schema: userListSchema() });
}
