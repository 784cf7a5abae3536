import * as pulumi from "@pulumi/pulumi";
import type * as provider from "@pulumi/pulumi/provider";
import { castMemberArgs, plainDefaults, plainUsers } from "../core/cast";
import type { SignInTokenArgs } from "../core/inputs";
import { SIGN_IN_TOKEN, SIGN_IN_TOKENS } from "./tokens";

/*
 * The `SignInTokens` component of the plugin: one `clerk:index:SignInToken` child per key of
 * `users`, with the same cast rules as the TypeScript component (core/cast.ts). The children
 * are custom resources of this same plugin, registered from inside `construct`, so the
 * engine routes them back here (to the component's provider, when the program gave one).
 */

/** A child, declared with the outputs the component reads. */
class SignInTokenChild extends pulumi.CustomResource {
  declare readonly url: pulumi.Output<string>;
  declare readonly expiresAt: pulumi.Output<string>;
  declare readonly signInPageUrl: pulumi.Output<string | undefined>;

  constructor(name: string, args: SignInTokenArgs & { signInPage?: pulumi.Input<string> }, opts: pulumi.CustomResourceOptions) {
    super(SIGN_IN_TOKEN, name, { ...args, url: undefined, expiresAt: undefined, signInPageUrl: undefined }, opts);
  }
}

class SignInTokensComponent extends pulumi.ComponentResource {
  readonly state: Record<string, pulumi.Output<Record<string, string>>>;

  constructor(name: string, inputs: pulumi.Inputs, opts: pulumi.ComponentResourceOptions) {
    super(SIGN_IN_TOKENS, name, {}, opts);
    const users = plainUsers(name, inputs.users);
    const defaults = plainDefaults(name, inputs.defaults);
    const signInPage = inputs.signInPage as pulumi.Input<string> | undefined;
    const children = Object.entries(users).map(
      ([key, entry]) =>
        [key, new SignInTokenChild(`${name}-${key}`, { ...castMemberArgs(defaults, entry), signInPage }, { parent: this })] as const,
    );
    const each = (pick: (child: SignInTokenChild) => pulumi.Input<string | undefined>) =>
      pulumi.all(Object.fromEntries(children.map(([key, child]) => [key, pick(child)]))) as pulumi.Output<Record<string, string>>;
    this.state = {
      urls: pulumi.secret(each((child) => child.url)),
      ids: each((child) => child.id),
      expiresAt: each((child) => child.expiresAt),
    };
    if (signInPage !== undefined) this.state.signInPageUrls = pulumi.secret(each((child) => child.signInPageUrl));
    this.registerOutputs(this.state);
  }
}

export async function constructSignInTokens(
  name: string,
  inputs: pulumi.Inputs,
  options: pulumi.ComponentResourceOptions,
): Promise<provider.ConstructResult> {
  const component = new SignInTokensComponent(name, inputs, options);
  return { urn: component.urn, state: component.state };
}
