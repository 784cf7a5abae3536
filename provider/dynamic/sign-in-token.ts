import * as pulumi from "@pulumi/pulumi";
import type { SignInTokenStatus } from "../clerk/objects";
import { appSignInLink, checkSignInPage } from "../core/app-link";
import type { SignInTokenArgs } from "../core/inputs";
import { signInUrl } from "../core/outputs";
import { redactTicketsFromDebugLines } from "./debug-redaction";
import { storedProviderReference } from "./provider-reference";

/**
 * A Clerk sign-in token: a one-time login ticket for a user, minted on `pulumi up` and
 * revoked on `pulumi destroy`. `token` and `url` are Pulumi secrets.
 *
 * @example
 * const login = new SignInToken("qa-admin", { userId: "user_2abc", expiresInSeconds: 3600 });
 * export const loginUrl = login.url;
 */
export class SignInToken extends pulumi.dynamic.Resource {
  /** The user the ticket signs in (resolved from `userEmail` when that was given). */
  declare readonly userId: pulumi.Output<string>;
  declare readonly userEmail: pulumi.Output<string | undefined>;
  declare readonly orgId: pulumi.Output<string | undefined>;
  declare readonly expiresInSeconds: pulumi.Output<number>;
  declare readonly renewBeforeSeconds: pulumi.Output<number>;
  declare readonly triggers: pulumi.Output<Record<string, unknown> | undefined>;
  /** Clerk's status when the ticket was minted (`pending`); Clerk cannot be asked later. */
  declare readonly status: pulumi.Output<SignInTokenStatus>;
  /** The ticket (a JWT). Secret. */
  declare readonly token: pulumi.Output<string>;
  /** The sign-in link carrying the ticket. Secret. */
  readonly url: pulumi.Output<string>;
  /** ISO 8601 */
  declare readonly createdAt: pulumi.Output<string>;
  /** ISO 8601: createdAt + expiresInSeconds. */
  declare readonly expiresAt: pulumi.Output<string>;

  constructor(name: string, args: SignInTokenArgs, opts?: pulumi.CustomResourceOptions) {
    // Before the first registration, whose answer the SDK logs at debug level (see debug-redaction.ts).
    redactTicketsFromDebugLines();
    super(
      // One object for every ticket: Pulumi serializes it once per program, into a
      // reference to this package (see provider-reference.ts).
      storedProviderReference(),
      name,
      {
        userId: args.userId,
        userEmail: args.userEmail,
        orgId: args.orgId,
        expiresInSeconds: args.expiresInSeconds,
        renewBeforeSeconds: args.renewBeforeSeconds,
        triggers: args.triggers,
        // Outputs: declared so the engine tracks them.
        status: undefined,
        token: undefined,
        urlTemplate: undefined,
        // Stored by 0.1.0, and when Clerk's link does not carry the ticket as is.
        url: undefined,
        createdAt: undefined,
        expiresAt: undefined,
      },
      {
        ...opts,
        // A dynamic provider cannot return secrets itself; the engine marks these.
        additionalSecretOutputs: [...new Set([...(opts?.additionalSecretOutputs ?? []), "token", "url"])],
      },
      "clerk",
      "SignInToken",
    );
    // The state keeps the link without the ticket in it (see SignInTokenOutputs.urlTemplate).
    const stored = this as unknown as { url: pulumi.Output<string | undefined>; urlTemplate: pulumi.Output<string | undefined> };
    this.url = pulumi.secret(
      pulumi
        .all([stored.url, stored.urlTemplate, this.token])
        .apply(([url, urlTemplate, token]) => signInUrl({ url, urlTemplate, token }) as string),
    );
  }

  /**
   * A link into the app under test: its sign-in page `page` (e.g.
   * `https://pr-42.preview.example.com/sign-in`) with the ticket added as `__clerk_ticket`,
   * which Clerk's `<SignIn/>` component reads and signs in with. The page's own query and
   * fragment are kept. A secret; computed in the program and never stored, so changing the
   * page mints nothing.
   *
   * @param page an absolute `https://` URL (`http://` only on a loopback host).
   * @throws ClerkInputError when `page` is not such a URL (at once for a plain string,
   *   when it resolves for an Output).
   */
  linkTo(page: pulumi.Input<string>): pulumi.Output<string> {
    if (!pulumi.Output.isInstance(page) && typeof (page as { then?: unknown }).then !== "function") checkSignInPage(page, "page");
    return pulumi.secret(pulumi.all([page, this.token]).apply(([signInPage, token]) => appSignInLink(signInPage, token)));
  }
}
