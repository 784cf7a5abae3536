import type { CheckFailure, DiffResult } from "@pulumi/pulumi/dynamic";
import { ClerkClient } from "../clerk/client";
import { isClerkApiError } from "../clerk/errors";
import { createSignInToken, revokeSignInToken } from "../clerk/sign-in-tokens";
import { listUsersByEmail } from "../clerk/users";
import { diffSignInToken } from "./diff";
import { ClerkUserLookupError } from "./errors";
import type { ResolvedInputs } from "./inputs";
import { isExpired, type SignInTokenOutputs, toOutputs } from "./outputs";
import { pulumiClientOptions, resolveSettings, type SettingsSource } from "./settings";
import { validateInputs } from "./validation";

/**
 * The life of a sign-in token, written once and served by both faces of the package: the
 * dynamic provider (dynamic/provider.ts, for TypeScript and JavaScript programs) and the
 * provider plugin (plugin/, for every Pulumi language). Each face only translates its
 * protocol's requests into these calls.
 *
 * Only `create`, `update` and `delete` may change anything at Clerk: `check`, `diff` and
 * `read` also run during `pulumi preview` (and `preview --refresh`).
 */
export class SignInTokenLifecycle {
  /** The client for the current settings, made on first use: one per provider process and configuration. */
  private cachedClient: ClerkClient | undefined;

  /** @param settingsSource where settings are read, when a call first needs them. */
  constructor(private readonly settingsSource: () => SettingsSource) {}

  /** Validates the new inputs and the settings: a bad key or URL fails the preview, before any request. */
  check(news: Record<string, unknown>): { inputs: Record<string, unknown>; failures: CheckFailure[] } {
    const { inputs, failures } = validateInputs(news);
    this.client();
    return { inputs, failures };
  }

  diff(olds: Record<string, unknown>, news: Record<string, unknown>): DiffResult {
    return diffSignInToken(olds, news);
  }

  async create(inputs: ResolvedInputs): Promise<{ id: string; outs: SignInTokenOutputs }> {
    const client = this.client();
    const userId = inputs.userId ?? (await userIdForEmail(client, inputs.userEmail ?? ""));
    const created = await createSignInToken(client, { userId, orgId: inputs.orgId, expiresInSeconds: inputs.expiresInSeconds });
    return { id: created.id, outs: toOutputs(inputs, userId, created) };
  }

  /**
   * Clerk has no endpoint to read a ticket back, so the stored outputs are all we know.
   * An expired ticket signs no one in: it is reported gone, and the next `up` mints a new
   * one. A ticket inside its renewal window is kept, whether or not it still works (it may
   * have been used, which Clerk cannot tell us); `up` replaces it, since `diff` does. No
   * request is sent: `read` runs during previews, which must change nothing at Clerk.
   */
  read<T extends Partial<SignInTokenOutputs>>(id: string, props: T): { id?: string; props?: T } {
    if (isExpired(props)) return {};
    return { id, props };
  }

  /** Only `renewBeforeSeconds` changed (see diff): the same ticket. */
  update<T extends Partial<SignInTokenOutputs>>(olds: T, news: Partial<ResolvedInputs>): T {
    return { ...olds, renewBeforeSeconds: news.renewBeforeSeconds ?? 0 };
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

  /** Settings are resolved, and a client made, once; a failure is not kept, so the next call tries again. */
  private client(): ClerkClient {
    this.cachedClient ??= new ClerkClient(resolveSettings(this.settingsSource()), pulumiClientOptions());
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
