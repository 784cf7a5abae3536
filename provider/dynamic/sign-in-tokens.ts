import * as pulumi from "@pulumi/pulumi";
import { castMemberArgs, plainDefaults, plainUsers, SIGN_IN_TOKENS_TYPE, type SignInTokensArgs } from "../core/cast";
import { SignInToken } from "./sign-in-token";

/**
 * One sign-in ticket per user of a cast: a component holding a `SignInToken` child per
 * key of `users`, named `${name}-${key}`. Adding or removing a key mints or revokes that
 * user's ticket only.
 *
 * @example
 * const logins = new SignInTokens("qa", {
 *   users: { admin: "user_2abc", viewer: { userEmail: "viewer@example.com", orgId: "org_2xyz" } },
 *   defaults: { expiresInSeconds: 3600 },
 * });
 * export const loginUrls = logins.urls; // secret
 */
export class SignInTokens extends pulumi.ComponentResource {
  /** Key → the child resource. */
  readonly tokens: Record<string, SignInToken>;
  /** Key → sign-in link. **Secret.** */
  readonly urls: pulumi.Output<Record<string, string>>;
  /** Key → sign-in token id (`sit_…`). */
  readonly ids: pulumi.Output<Record<string, string>>;
  /** Key → ISO 8601 expiry. */
  readonly expiresAt: pulumi.Output<Record<string, string>>;

  constructor(name: string, args: SignInTokensArgs, opts?: pulumi.ComponentResourceOptions) {
    super(SIGN_IN_TOKENS_TYPE, name, {}, opts);
    const users = plainUsers(name, args?.users);
    const defaults = plainDefaults(name, args?.defaults);

    this.tokens = {};
    for (const [key, entry] of Object.entries(users)) {
      this.tokens[key] = new SignInToken(`${name}-${key}`, castMemberArgs(defaults, entry), { parent: this });
    }
    const each = (pick: (t: SignInToken) => pulumi.Output<string>): pulumi.Output<Record<string, string>> =>
      pulumi.all(Object.fromEntries(Object.entries(this.tokens).map(([key, token]) => [key, pick(token)])));
    this.urls = pulumi.secret(each((t) => t.url));
    this.ids = each((t) => t.id);
    this.expiresAt = each((t) => t.expiresAt);
    this.registerOutputs({ urls: this.urls, ids: this.ids, expiresAt: this.expiresAt });
  }

  /** Key → a link into the app's sign-in page for that user (see `SignInToken.linkTo`). **Secret** (the whole map). */
  linksTo(page: pulumi.Input<string>): pulumi.Output<Record<string, string>> {
    const links = Object.fromEntries(Object.entries(this.tokens).map(([key, token]) => [key, token.linkTo(page)]));
    return pulumi.secret(pulumi.all(links));
  }
}
