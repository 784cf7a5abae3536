import type * as dynamic from "@pulumi/pulumi/dynamic";
import { ClerkClient } from "./clerk/client";
import { ClerkResponseError, isClerkApiError } from "./clerk/errors";
import { createSignInToken, revokeSignInToken } from "./clerk/sign-in-tokens";
import { listUsersByEmail } from "./clerk/users";
import { diffSignInToken } from "./diff";
import type { ResolvedInputs } from "./inputs";
import { isDueForRenewal, isExpired, toOutputs, type SignInTokenOutputs } from "./outputs";
import { resolveSettings, type SettingsSource } from "./settings";
import { validateInputs } from "./validation";

/** Stack config keys the provider reads; only these are kept from `configure`. */
const CONFIG_KEYS = [
  "clerk:secretKey",
  "clerk:apiUrl",
  "clerk:requestTimeoutMs",
  "clerk:deadlineMs",
  "clerk:maxAttempts",
  "clerk:requestsPer10Seconds",
];

/**
 * The dynamic provider behind `SignInToken`.
 *
 * This object is serialized into the state (`__provider`) and run from there by later
 * `refresh` and `destroy`. It therefore holds no settings of its own: the key and URL are
 * read when a method runs, from the stack config handed to `configure` (in the provider
 * process only, never serialized) or from the environment.
 */
export class SignInTokenProvider implements dynamic.ResourceProvider {
  private stackConfig: Record<string, string | undefined> | undefined;

  async configure(req: dynamic.ConfigureRequest): Promise<void> {
    const picked: Record<string, string | undefined> = {};
    for (const key of CONFIG_KEYS) picked[key] = req.config.get(key);
    this.stackConfig = picked;
  }

  async check(_olds: Record<string, unknown>, news: Record<string, unknown>): Promise<dynamic.CheckResult> {
    const { inputs, failures } = validateInputs(news);
    // Fail the preview on a missing or malformed key or URL, before any request is sent.
    resolveSettings(this.settingsSource());
    return { inputs, failures };
  }

  async diff(_id: string, olds: Record<string, unknown>, news: Record<string, unknown>): Promise<dynamic.DiffResult> {
    return diffSignInToken(olds, news);
  }

  async create(inputs: ResolvedInputs): Promise<dynamic.CreateResult<SignInTokenOutputs>> {
    const client = this.client();
    const userId = inputs.userId ?? (await this.userIdForEmail(client, inputs.userEmail ?? ""));
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
   * Clerk has no endpoint to read a ticket back, so the stored outputs are the truth, with
   * one exception: a ticket that has expired, or entered its renewal window, is reported
   * gone so that the next `up` mints a fresh one. A ticket still valid is revoked before
   * it is dropped: once out of the state, nothing would ever revoke it.
   */
  async read(id: string, props: SignInTokenOutputs): Promise<dynamic.ReadResult<SignInTokenOutputs>> {
    if (!isDueForRenewal(props)) return { id, props: stripProvider(props) };
    if (!isExpired(props)) await this.revoke(id);
    return {};
  }

  /** Only the provider code or `renewBeforeSeconds` changed (see diff): same ticket. */
  async update(
    _id: string,
    olds: SignInTokenOutputs,
    news: ResolvedInputs,
  ): Promise<dynamic.UpdateResult<SignInTokenOutputs>> {
    return { outs: { ...stripProvider(olds), renewBeforeSeconds: news.renewBeforeSeconds ?? 0 } };
  }

  async delete(id: string): Promise<void> {
    await this.revoke(id);
  }

  private async revoke(id: string): Promise<void> {
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

  private settingsSource(): SettingsSource {
    const config = this.stackConfig;
    return { config: config ? (key) => config[key] : undefined, env: process.env };
  }

  private client(): ClerkClient {
    return new ClerkClient(resolveSettings(this.settingsSource()));
  }

  private async userIdForEmail(client: ClerkClient, email: string): Promise<string> {
    const users = await listUsersByEmail(client, email);
    if (users.length === 1) return users[0].id;
    throw new Error(
      users.length === 0
        ? `userEmail: no Clerk user has the email address "${email}". Create the user first, or check the address and the Clerk instance (clerk:secretKey).`
        : `userEmail: ${users.length} Clerk users have the email address "${email}" (${users.map((u) => u.id).join(", ")}); give userId instead.`,
    );
  }
}

function stripProvider<T extends object>(props: T): T {
  const { __provider: _ignored, ...rest } = props as T & { __provider?: unknown };
  return rest as T;
}
