// The few lines a user could write instead of installing pulumi-clerk-sign-in-tokens: the
// benchmark's baseline (copied into its temp project as ./bare-provider.js, so Pulumi
// serializes it by value into the state, as it would a user's own file). No validation,
// no retries, no pacing; the key is read from the environment when a method runs.
const pulumi = require("@pulumi/pulumi");

class BareSignInTokenProvider {
  async create(inputs) {
    const res = await fetch(`${process.env.CLERK_API_URL}/sign_in_tokens`, {
      method: "POST",
      headers: { authorization: `Bearer ${process.env.CLERK_SECRET_KEY}`, "content-type": "application/json" },
      body: JSON.stringify({ user_id: inputs.userId, expires_in_seconds: inputs.expiresInSeconds }),
    });
    if (!res.ok) throw new Error(`Clerk answered ${res.status} to POST /sign_in_tokens`);
    const t = await res.json();
    return { id: t.id, outs: { ...inputs, status: t.status, token: t.token, url: t.url, createdAt: new Date(t.created_at).toISOString() } };
  }

  async delete(id) {
    const res = await fetch(`${process.env.CLERK_API_URL}/sign_in_tokens/${id}/revoke`, {
      method: "POST",
      headers: { authorization: `Bearer ${process.env.CLERK_SECRET_KEY}` },
    });
    if (!res.ok) throw new Error(`Clerk answered ${res.status} to revoke ${id}`);
  }
}

class SignInToken extends pulumi.dynamic.Resource {
  constructor(name, args, opts) {
    const outputs = { status: undefined, token: undefined, url: undefined, createdAt: undefined };
    super(new BareSignInTokenProvider(), name, { ...args, ...outputs }, { ...opts, additionalSecretOutputs: ["token", "url"] });
  }
}

module.exports = { SignInToken, BareSignInTokenProvider };
