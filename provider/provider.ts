import type * as dynamic from "@pulumi/pulumi/dynamic";
import { ClerkClient } from "./clerk/client";
import { ClerkResponseError, ClerkUserLookupError, isClerkApiError } from "./clerk/errors";
import { createSignInToken, revokeSignInToken } from "./clerk/sign-in-tokens";
import { listUsersByEmail } from "./clerk/users";
import { diffSignInToken } from "./diff";
import type { ResolvedInputs } from "./inputs";
import { isExpired, type SignInTokenOutputs, toOutputs } from "./outputs";
import { CONFIG_KEYS, resolveSettings, type SettingsSource } from "./settings";
import { validateInputs } from "./validation";

/**
 * The dynamic provider behind `SignInToken`.
 *
 * The state does not hold this code: it holds a reference to the installed package's
 * `stored-provider` module (see stored-provider.ts), which exports one instance of this
 * class. So this class holds no settings of its own at build time: the key and URL are
 * read when a method runs, from the stack config handed to `configure` (in the provider
 * process only) or from the environment.
 *
 * Only `create`, `update` and `delete` may change anything at Clerk: `check`, `diff` and
 * `read` also run during `pulumi preview` (and `preview --refresh`).
 */
export class SignInTokenProvider implements dynamic.ResourceProvider {
  private stackConfig: Record<string, string | undefined> | undefined;
  /** The client for the current settings, made on first use: one per provider process. */
  private cachedClient: ClerkClient | undefined;

  async configure(req: dynamic.ConfigureRequest): Promise<void> {
    const picked: Record<string, string | undefined> = {};
    for (const key of CONFIG_KEYS) picked[key] = req.config.get(key);
    this.stackConfig = picked;
    this.cachedClient = undefined;
  }

  async check(_olds: Record<string, unknown>, news: Record<string, unknown>): Promise<dynamic.CheckResult> {
    const { inputs, failures } = validateInputs(news);
    // Fail the preview on a missing or malformed key or URL, before any request is sent.
    this.client();
    return { inputs, failures };
  }

  async diff(_id: string, olds: Record<string, unknown>, news: Record<string, unknown>): Promise<dynamic.DiffResult> {
    return diffSignInToken(olds, news);
  }

  async create(inputs: ResolvedInputs): Promise<dynamic.CreateResult<SignInTokenOutputs>> {
    const client = this.client();
    const userId = inputs.userId ?? (await userIdForEmail(client, inputs.userEmail ?? ""));
    const created = await createSignInToken(client, {
      userId,
      orgId: inputs.orgId,
      expiresInSeconds: inputs.expiresInSeconds,
    });
    if (!created.token || !created.url) {
      // The contract makes both optional, but a ticket without them is of no use to anyone:
      // revoke it at once rather than leave a live credential that nobody tracks.
      await revokeSignInToken(client, created.id).catch(() => undefined);
      throw new ClerkResponseError({
        status: 200,
        traceId: undefined,
        request: { method: "POST", path: "/sign_in_tokens" },
        issues: [`sign-in token ${created.id} came back without ${created.token ? "url" : "token"} (revoked it)`],
      });
    }
    return { id: created.id, outs: toOutputs(stripProvider(inputs), userId, { ...created, token: created.token, url: created.url }) };
  }

  /**
   * Clerk has no endpoint to read a ticket back, so the stored outputs are all we know.
   * An expired ticket signs no one in: it is reported gone, and the next `up` mints a new
   * one. A ticket inside its renewal window is kept, whether or not it still works (it may
   * have been used, which Clerk cannot tell us); `up` replaces it, since `diff` does. No
   * request is sent: `read` runs during previews, which must change nothing at Clerk.
   */
  async read(id: string, props: SignInTokenOutputs): Promise<dynamic.ReadResult<SignInTokenOutputs>> {
    if (isExpired(props)) return {};
    return { id, props: stripProvider(props) };
  }

  /** Only `renewBeforeSeconds` changed (see diff): same ticket. */
  async update(_id: string, olds: SignInTokenOutputs, news: ResolvedInputs): Promise<dynamic.UpdateResult<SignInTokenOutputs>> {
    return { outs: { ...stripProvider(olds), renewBeforeSeconds: news.renewBeforeSeconds ?? 0 } };
  }

  async delete(id: string): Promise<void> {
    try {
      await revokeSignInToken(this.client(), id);
    } catch (err) {
      // Accepted, already revoked, or unknown to Clerk: the ticket is unusable either way,
      // which is all destroy has to guarantee.
      if (isClerkApiError(err) && (err.hasCode("sign_in_token_cannot_be_revoked_code") || err.hasCode("resource_not_found"))) {
        return;
      }
      throw err;
    }
  }

  /** Settings are resolved, and a client made, once per configuration; failures are not kept. */
  private client(): ClerkClient {
    if (this.cachedClient === undefined) {
      const config = this.stackConfig;
      const source: SettingsSource = { config: config ? (key) => config[key] : undefined, env: process.env };
      this.cachedClient = new ClerkClient(resolveSettings(source));
    }
    return this.cachedClient;
  }
}

async function userIdForEmail(client: ClerkClient, email: string): Promise<string> {
  const users = await listUsersByEmail(client, email);
  if (users.length === 1) return users[0].id;
  throw new ClerkUserLookupError(
    email,
    users.map((u) => u.id),
  );
}

function stripProvider<T extends object>(props: T): T {
  const { __provider: _ignored, ...rest } = props as T & { __provider?: unknown };
  return rest as T;
}
