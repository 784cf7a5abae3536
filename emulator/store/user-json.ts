import type { StoredEmail, StoredUser } from "./store";

/**
 * The contract's User object (additionalProperties: false, 36 required
 * fields). The emulator only knows ids, addresses and organizations, so the
 * rest carries the values a freshly created Clerk user has: no names, no
 * second factors, nothing banned or locked. Timestamps are milliseconds.
 */
export function userJson(user: StoredUser): Record<string, unknown> {
  return {
    id: user.id,
    object: "user",
    external_id: null,
    primary_email_address_id: user.emails[0]?.id ?? null,
    primary_phone_number_id: null,
    primary_web3_wallet_id: null,
    username: null,
    first_name: null,
    last_name: null,
    locale: null,
    image_url: `https://img.clerk.com/placeholder/${user.id}`,
    has_image: false,
    public_metadata: {},
    private_metadata: {},
    unsafe_metadata: {},
    email_addresses: user.emails.map(emailAddressJson),
    phone_numbers: [],
    web3_wallets: [],
    passkeys: [],
    password_enabled: false,
    two_factor_enabled: false,
    totp_enabled: false,
    backup_code_enabled: false,
    mfa_enabled_at: null,
    mfa_disabled_at: null,
    password_last_updated_at: null,
    external_accounts: [],
    saml_accounts: [],
    enterprise_accounts: [],
    last_sign_in_at: user.lastSignInAt,
    banned: false,
    locked: false,
    lockout_expires_in_seconds: null,
    verification_attempts_remaining: 100,
    updated_at: user.updatedAt,
    created_at: user.createdAt,
    delete_self_enabled: true,
    create_organization_enabled: true,
    create_organizations_limit: null,
    last_active_at: user.lastSignInAt,
    legal_accepted_at: null,
    bypass_client_trust: false,
  };
}

/** Addresses given to the emulator count as added by an admin, which Clerk marks verified. */
function emailAddressJson(email: StoredEmail): Record<string, unknown> {
  return {
    id: email.id,
    object: "email_address",
    email_address: email.address,
    reserved: false,
    verification: {
      object: "verification_admin",
      status: "verified",
      strategy: "admin",
      attempts: null,
      expire_at: null,
    },
    linked_to: [],
    matches_sso_connection: false,
    created_at: email.createdAt,
    updated_at: email.createdAt,
  };
}
