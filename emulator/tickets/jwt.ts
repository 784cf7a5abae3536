import { createPublicKey, generateKeyPairSync, type KeyObject, sign, verify } from "node:crypto";

/** Claims of a sign-in token, as Clerk puts them in the ticket JWT. */
export interface SignInTokenClaims {
  /** The sign-in token id (sit_…). */
  sid: string;
  /** Instance id (ins_…). */
  iid: string;
  /** Subject type: always "sign_in_token" for these tickets. */
  st: "sign_in_token";
  iat: number;
  exp: number;
}

export interface PublicJwk {
  kid: string;
  alg: "RS256";
  use: "sig";
  kty: "RSA";
  n: string;
  e: string;
}

const HEADER_ALG = "RS256";

/**
 * Signs and checks ticket JWTs with an RSA key pair made at emulator start.
 * A fresh pair per start means a ticket from one emulator run can never be
 * accepted by another, just as tickets never cross Clerk instances.
 */
export class TicketSigner {
  readonly publicKeyPem: string;
  private readonly privateKey: KeyObject;
  private readonly publicKey: KeyObject;

  constructor(readonly keyId: string) {
    const pair = generateKeyPairSync("rsa", { modulusLength: 2048 });
    this.privateKey = pair.privateKey;
    this.publicKey = pair.publicKey;
    this.publicKeyPem = pair.publicKey.export({ type: "spki", format: "pem" }).toString();
  }

  sign(claims: SignInTokenClaims): string {
    const header = { alg: HEADER_ALG, typ: "JWT", kid: this.keyId };
    const signingInput = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(claims))}`;
    const signature = sign("sha256", Buffer.from(signingInput), this.privateKey);
    return `${signingInput}.${signature.toString("base64url")}`;
  }

  /** The claims of a ticket this signer issued, or undefined for anything else. */
  verify(jwt: string): SignInTokenClaims | undefined {
    return verifyTicket(jwt, this.publicKey);
  }

  jwk(): PublicJwk {
    const { n, e } = this.publicKey.export({ format: "jwk" });
    if (typeof n !== "string" || typeof e !== "string") throw new Error("RSA public key without n/e");
    return { kid: this.keyId, alg: HEADER_ALG, use: "sig", kty: "RSA", n, e };
  }
}

/** Verifies an RS256 ticket against a public key (PEM or KeyObject); tests use this with publicKeyPem. */
export function verifyTicket(jwt: string, publicKey: KeyObject | string): SignInTokenClaims | undefined {
  const parts = jwt.split(".");
  if (parts.length !== 3) return undefined;
  const [headerPart, payloadPart, signaturePart] = parts as [string, string, string];
  const key = typeof publicKey === "string" ? createPublicKey(publicKey) : publicKey;
  const signed = Buffer.from(`${headerPart}.${payloadPart}`);
  if (!signatureMatches(signed, key, signaturePart)) return undefined;
  const header = parseJson(headerPart);
  if (!isRecord(header) || header.alg !== HEADER_ALG) return undefined;
  const payload = parseJson(payloadPart);
  if (!isRecord(payload)) return undefined;
  const { sid, iid, st, iat, exp } = payload;
  if (typeof sid !== "string" || typeof iid !== "string" || st !== "sign_in_token") return undefined;
  if (typeof iat !== "number" || typeof exp !== "number") return undefined;
  return { sid, iid, st, iat, exp };
}

/** Garbage input must read as "not our ticket", never as an exception. */
function signatureMatches(signed: Buffer, key: KeyObject, signaturePart: string): boolean {
  try {
    return verify("sha256", signed, key, Buffer.from(signaturePart, "base64url"));
  } catch {
    return false;
  }
}

function base64url(text: string): string {
  return Buffer.from(text).toString("base64url");
}

function parseJson(part: string): unknown {
  try {
    return JSON.parse(Buffer.from(part, "base64url").toString("utf8"));
  } catch {
    return undefined;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
