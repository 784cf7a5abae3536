import { appSignInLink } from "../core/app-link";
import { type SignInTokenOutputs, signInUrl } from "../core/outputs";

/*
 * A SignInToken's outputs as the plugin's schema has them. The dynamic provider stores the
 * link as a template without the ticket and rebuilds it in the program; a plugin's outputs
 * are all a program of another language sees, so the plugin stores `url` itself (a secret),
 * and `signInPageUrl` when a `signInPage` is given.
 */

/** Outputs that hold the ticket: returned as secrets, whatever the inputs were. */
export const SECRET_OUTPUTS = ["token", "url", "signInPageUrl"] as const;

export type PluginOutputs = Omit<SignInTokenOutputs, "urlTemplate"> & { url: string; signInPage?: string; signInPageUrl?: string };

/** The lifecycle's outputs in the schema's shape, with the link into `signInPage` when there is one. */
export function pluginOutputs(outs: Partial<SignInTokenOutputs> & { signInPage?: unknown }, signInPage: unknown): PluginOutputs {
  const { urlTemplate: _template, signInPage: _page, signInPageUrl: _link, ...rest } = outs as typeof outs & { signInPageUrl?: unknown };
  const shaped = { ...rest, url: signInUrl(outs) } as PluginOutputs;
  if (typeof signInPage === "string" && typeof shaped.token === "string") {
    shaped.signInPage = signInPage;
    shaped.signInPageUrl = appSignInLink(signInPage, shaped.token, "signInPage");
  }
  return shaped;
}
