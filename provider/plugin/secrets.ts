import { specialSecretSig, specialSigKey } from "@pulumi/pulumi/runtime/rpc";

/*
 * Secrets on the provider protocol. The plugin tells the engine it accepts secrets, so a
 * secret input arrives as a wrapper object (`{ <sig key>: <secret sig>, value }`) rather
 * than its value, and an output returned in such a wrapper stays secret in the state. The
 * engine does not mark outputs secret because the schema says so (the SDKs and YAML do),
 * so the plugin wraps `token`, `url` and `signInPageUrl` itself.
 */

type Props = Record<string, unknown>;

interface SecretWrapper {
  [specialSigKey]: typeof specialSecretSig;
  value: unknown;
}

export function isSecretWrapper(value: unknown): value is SecretWrapper {
  return typeof value === "object" && value !== null && (value as Props)[specialSigKey] === specialSecretSig;
}

export function secretWrapper(value: unknown): SecretWrapper {
  return { [specialSigKey]: specialSecretSig, value };
}

/** The value without any secret wrappers, at any depth. */
export function unwrapSecrets(value: unknown): unknown {
  if (isSecretWrapper(value)) return unwrapSecrets(value.value);
  if (Array.isArray(value)) return value.map(unwrapSecrets);
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, unwrapSecrets(inner)]));
  }
  return value;
}

/** True when the value holds a secret anywhere inside. */
function holdsSecret(value: unknown): boolean {
  if (isSecretWrapper(value)) return true;
  if (Array.isArray(value)) return value.some(holdsSecret);
  if (typeof value === "object" && value !== null) return Object.values(value).some(holdsSecret);
  return false;
}

/** Properties without their wrappers, and the names of those that held a secret. */
export function openProps(props: Props | undefined): { plain: Props; secret: Set<string> } {
  const given = props ?? {};
  const secret = new Set(Object.keys(given).filter((key) => holdsSecret(given[key])));
  return { plain: unwrapSecrets(given) as Props, secret };
}

/** The properties with each named one (when present) wrapped as a secret. */
export function sealProps(props: Props, secret: Iterable<string>): Props {
  const sealed: Props = { ...props };
  for (const key of new Set(secret)) {
    const value = sealed[key];
    if (value !== undefined && value !== null && !isSecretWrapper(value)) sealed[key] = secretWrapper(value);
  }
  return sealed;
}
