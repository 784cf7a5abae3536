import type * as dynamic from "@pulumi/pulumi/dynamic";
import type { ResolvedInputs } from "../core/inputs";
import { SignInTokenLifecycle } from "../core/lifecycle";
import type { SignInTokenOutputs } from "../core/outputs";
import { CONFIG_KEYS } from "../core/settings";

/**
 * The dynamic provider behind `SignInToken`: Pulumi's dynamic-provider protocol over the
 * lifecycle (core/lifecycle.ts), which the provider plugin serves too.
 *
 * The state does not hold this code: it holds a reference to the installed package's
 * `stored-provider` module (see stored-provider.ts), which exports one instance of this
 * class. So this class holds no settings of its own at build time: the key and URL are
 * read when a method runs, from the stack config handed to `configure` (in the provider
 * process only) or from the environment.
 */
export class SignInTokenProvider implements dynamic.ResourceProvider {
  private stackConfig: Record<string, string | undefined> | undefined;
  /** Made on first use, and again after `configure`: one per provider process and configuration. */
  private cachedLifecycle: SignInTokenLifecycle | undefined;

  async configure(req: dynamic.ConfigureRequest): Promise<void> {
    const picked: Record<string, string | undefined> = {};
    for (const key of CONFIG_KEYS) picked[key] = req.config.get(key);
    this.stackConfig = picked;
    this.cachedLifecycle = undefined;
  }

  async check(_olds: Record<string, unknown>, news: Record<string, unknown>): Promise<dynamic.CheckResult> {
    return this.lifecycle().check(news);
  }

  async diff(_id: string, olds: Record<string, unknown>, news: Record<string, unknown>): Promise<dynamic.DiffResult> {
    return this.lifecycle().diff(olds, news);
  }

  async create(inputs: ResolvedInputs): Promise<dynamic.CreateResult<SignInTokenOutputs>> {
    return this.lifecycle().create(stripProvider(inputs));
  }

  async read(id: string, props: SignInTokenOutputs): Promise<dynamic.ReadResult<SignInTokenOutputs>> {
    return this.lifecycle().read(id, stripProvider(props));
  }

  async update(_id: string, olds: SignInTokenOutputs, news: ResolvedInputs): Promise<dynamic.UpdateResult<SignInTokenOutputs>> {
    return { outs: this.lifecycle().update(stripProvider(olds), news) };
  }

  async delete(id: string): Promise<void> {
    return this.lifecycle().delete(id);
  }

  private lifecycle(): SignInTokenLifecycle {
    this.cachedLifecycle ??= new SignInTokenLifecycle(() => {
      const config = this.stackConfig;
      return { config: config ? (key) => config[key] : undefined, env: process.env };
    });
    return this.cachedLifecycle;
  }
}

/** The engine hands a dynamic provider its own serialized code as the `__provider` property; it is not ours to store. */
function stripProvider<T extends object>(props: T): T {
  const { __provider: _ignored, ...rest } = props as T & { __provider?: unknown };
  return rest as T;
}
