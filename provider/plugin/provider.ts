import type * as pulumi from "@pulumi/pulumi";
import type * as provider from "@pulumi/pulumi/provider";
import { unknownValue } from "@pulumi/pulumi/runtime/rpc";
import { checkSignInPage } from "../core/app-link";
import { ClerkInputError } from "../core/errors";
import type { ResolvedInputs } from "../core/inputs";
import { SignInTokenLifecycle } from "../core/lifecycle";
import type { SignInTokenOutputs } from "../core/outputs";
import { PACKAGE_VERSION } from "../version";
import { constructSignInTokens } from "./construct";
import { type PluginOutputs, pluginOutputs, SECRET_OUTPUTS } from "./outputs";
import schema from "./schema.json";
import { openProps, sealProps } from "./secrets";
import { SIGN_IN_TOKEN, SIGN_IN_TOKENS, typeOfUrn } from "./tokens";

type Props = Record<string, unknown>;

/**
 * The provider plugin `clerk`: Pulumi's provider protocol over the lifecycle
 * (core/lifecycle.ts), which the dynamic provider serves too. One plugin, several types,
 * dispatched by type token as the schema declares them: `SignInToken` is a custom
 * resource, `SignInTokens` a component (`construct`).
 *
 * Settings come from Configure (see configure.ts): the stack config `clerk:*` for the
 * default provider, the provider resource's inputs for an explicit one; each falls back to
 * the environment, as with the dynamic provider.
 */
export class ClerkPluginProvider implements provider.Provider {
  readonly version = PACKAGE_VERSION;
  readonly schema = JSON.stringify(schema);
  private config: Record<string, string> = {};
  private cachedLifecycle: SignInTokenLifecycle | undefined;

  /** Takes a Configure request's inputs: `{ secretKey, apiUrl, … }`, secrets unwrapped, numbers as text. */
  configure(inputs: Props): void {
    const { plain } = openProps(inputs);
    const config: Record<string, string> = {};
    for (const [key, value] of Object.entries(plain)) {
      if (value === undefined || value === null || value === unknownValue) continue;
      config[`clerk:${key}`] = typeof value === "string" ? value : JSON.stringify(value);
    }
    this.config = config;
    this.cachedLifecycle = undefined;
  }

  async check(urn: string, _olds: Props, news: Props): Promise<provider.CheckResult> {
    this.ensureCustom(urn);
    const { plain, secret } = openProps(news);
    const { inputs, failures } = this.lifecycle().check(plain);
    const page = plain.signInPage;
    if (page !== undefined && page !== null && page !== unknownValue) {
      try {
        checkSignInPage(page, "signInPage");
      } catch (err) {
        failures.push({ property: "signInPage", reason: (err as Error).message });
      }
    }
    return { inputs: sealProps(inputs, secret), failures };
  }

  async diff(_id: string, urn: string, olds: Props, news: Props): Promise<provider.DiffResult> {
    this.ensureCustom(urn);
    const old = openProps(olds).plain;
    const next = openProps(news).plain;
    const result = this.lifecycle().diff(old, next);
    if (result.changes || old.signInPage === next.signInPage) return result;
    // A new sign-in page only changes the link made from the same ticket: an update.
    return { changes: true, replaces: [], deleteBeforeReplace: false };
  }

  async create(urn: string, inputs: Props): Promise<provider.CreateResult> {
    this.ensureCustom(urn);
    const { plain, secret } = openProps(inputs);
    const { id, outs } = await this.lifecycle().create(plain as unknown as ResolvedInputs);
    return { id, outs: seal(pluginOutputs(outs, plain.signInPage), secret) };
  }

  async read(id: string, urn: string, props: Props): Promise<provider.ReadResult> {
    this.ensureCustom(urn);
    const { plain, secret } = openProps(props);
    const kept = this.lifecycle().read(id, plain as Partial<SignInTokenOutputs>);
    if (kept.id === undefined || kept.props === undefined) return {};
    return { id: kept.id, props: seal(kept.props as PluginOutputs, secret) };
  }

  async update(_id: string, urn: string, olds: Props, news: Props): Promise<provider.UpdateResult> {
    this.ensureCustom(urn);
    const old = openProps(olds);
    const next = openProps(news);
    const updated = this.lifecycle().update(old.plain as Partial<SignInTokenOutputs>, next.plain as Partial<ResolvedInputs>);
    return { outs: seal(pluginOutputs(updated, next.plain.signInPage), new Set([...old.secret, ...next.secret])) };
  }

  async delete(id: string, urn: string): Promise<void> {
    this.ensureCustom(urn);
    await this.lifecycle().delete(id);
  }

  async construct(
    name: string,
    type: string,
    inputs: pulumi.Inputs,
    options: pulumi.ComponentResourceOptions,
  ): Promise<provider.ConstructResult> {
    if (type !== SIGN_IN_TOKENS) throw new ClerkInputError("type", `The clerk plugin has no component ${type}; it has ${SIGN_IN_TOKENS}.`);
    return constructSignInTokens(name, inputs, options);
  }

  private ensureCustom(urn: string): void {
    const type = typeOfUrn(urn);
    if (type !== SIGN_IN_TOKEN) throw new ClerkInputError("type", `The clerk plugin has no resource ${type}; it has ${SIGN_IN_TOKEN}.`);
  }

  private lifecycle(): SignInTokenLifecycle {
    this.cachedLifecycle ??= new SignInTokenLifecycle(() => {
      const config = this.config;
      return { config: (key) => config[key], env: process.env };
    });
    return this.cachedLifecycle;
  }
}

/** The outputs with the ticket's and the secret inputs' properties wrapped as secrets. */
function seal(outs: PluginOutputs, secretInputs: Set<string>): Props {
  return sealProps(outs as unknown as Props, [...SECRET_OUTPUTS, ...secretInputs]);
}
