import { readFileSync } from "node:fs";
import * as path from "node:path";
import Ajv, { type ValidateFunction } from "ajv";
import { load } from "js-yaml";
import { CLERK_API_VERSION } from "../../provider/clerk/api-version";

/** Clerk's Backend API contract, vendored in contract/ (see its README; override with CLERK_OPENAPI_PATH). */
export const CONTRACT_PATH = process.env.CLERK_OPENAPI_PATH ?? path.resolve(__dirname, `../../contract/bapi-${CLERK_API_VERSION}.yml`);

const CONTRACT_ID = "clerk-bapi.json";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

export interface ResponseSchema {
  /** Where the schema came from: the contract's own entry, or the ClerkErrors fallback. */
  source: "contract" | "fallback";
  /** JSON pointer of the schema inside the contract. */
  pointer: string;
  validate: ValidateFunction;
}

/**
 * The contract loaded into ajv so that any response schema in it can be
 * validated, with every $ref resolving inside the same document.
 */
export class OpenApiContract {
  private readonly ajv: Ajv;
  private readonly doc: JsonObject;
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor(file: string = CONTRACT_PATH) {
    this.doc = load(readFileSync(file, "utf8")) as JsonObject;
    // strict: false because OpenAPI adds keywords JSON Schema lacks (discriminator, example,
    // x-speakeasy-*); ajv then ignores them instead of refusing the schema.
    this.ajv = new Ajv({ strict: false, allErrors: true });
    registerFormats(this.ajv, this.doc);
    const components = asObject(this.doc.components);
    const paths = asObject(this.doc.paths);
    this.ajv.addSchema({ $id: CONTRACT_ID, components: openApiNullable(components), paths: openApiNullable(paths) });
  }

  /**
   * The schema the contract gives for `status` of `method path`, following
   * the response's $ref to components/responses. When the contract lists no
   * such response (or no such operation), the ClerkErrors schema, since every
   * Clerk error body has that shape; `source` says which one applied so a test
   * can assert it rather than silently fall back.
   */
  responseSchema(method: string, apiPath: string, status: number): ResponseSchema {
    const operation = this.operation(method, apiPath);
    const entry = operation === undefined ? undefined : asOptionalObject(asObject(operation.responses)[String(status)]);
    if (entry === undefined) return { source: "fallback", ...this.schemaAt("#/components/schemas/ClerkErrors") };

    let base = `#/paths/${escapePointer(apiPath)}/${method.toLowerCase()}/responses/${status}`;
    let response = entry;
    const ref = response.$ref;
    if (typeof ref === "string") {
      base = ref;
      response = this.resolve(ref);
    }
    const content = asObject(response.content);
    if (content["application/json"] === undefined) throw new Error(`${base} has no application/json content`);
    return { source: "contract", ...this.schemaAt(`${base}/content/application~1json/schema`) };
  }

  /** A validator for a named component schema, e.g. "SignInToken". */
  componentSchema(name: string): ValidateFunction {
    return this.schemaAt(`#/components/schemas/${name}`).validate;
  }

  hasOperation(method: string, apiPath: string): boolean {
    return this.operation(method, apiPath) !== undefined;
  }

  private operation(method: string, apiPath: string): JsonObject | undefined {
    const item = asOptionalObject(asObject(this.doc.paths)[apiPath]);
    return item === undefined ? undefined : asOptionalObject(item[method.toLowerCase()]);
  }

  private schemaAt(pointer: string): { pointer: string; validate: ValidateFunction } {
    let validate = this.compiled.get(pointer);
    if (validate === undefined) {
      validate = this.ajv.compile({ $ref: `${CONTRACT_ID}${pointer}` });
      this.compiled.set(pointer, validate);
    }
    return { pointer, validate };
  }

  private resolve(ref: string): JsonObject {
    if (!ref.startsWith("#/")) throw new Error(`Only local $refs are expected, got ${ref}`);
    let node: Json = this.doc;
    for (const part of ref.slice(2).split("/")) {
      node = asObject(node)[part.replace(/~1/g, "/").replace(/~0/g, "~")] ?? null;
    }
    return asObject(node);
  }
}

/**
 * OpenAPI 3.0's `nullable: true` adds null to a schema's values. ajv 8
 * understands the keyword natively, but only next to a plain `type`: it
 * refuses `nullable` without `type` (e.g. nullable + allOf, as in User.scim),
 * and with enum or a composition the added null would still fail the enum
 * or every branch. Those schemas are rewritten to "null, or the schema";
 * plain typed ones are left to ajv. Either way null is accepted exactly
 * where the contract says so.
 */
export function openApiNullable<T extends Json>(node: T): T {
  if (Array.isArray(node)) return node.map((item) => openApiNullable(item)) as T;
  if (node === null || typeof node !== "object") return node;
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(node)) out[key] = openApiNullable(value);
  if (out.nullable !== true) return out as T;
  const needsRewrite = out.type === undefined || ["enum", "const", "allOf", "anyOf", "oneOf", "$ref"].some((k) => k in out);
  if (!needsRewrite) return out as T;
  const { nullable: _nullable, ...rest } = out;
  return { anyOf: [{ type: "null" }, rest] } as unknown as T;
}

/**
 * ajv ships without formats. The contract's numeric formats are checked
 * (int32/int64 must be integers in range); every other format it uses
 * (date-time, email, uri, binary…) is registered as accepted, i.e. ignored,
 * so a format never breaks compilation.
 */
function registerFormats(ajv: Ajv, doc: JsonObject): void {
  ajv.addFormat("int32", { type: "number", validate: (n: number) => Number.isInteger(n) && n >= -(2 ** 31) && n < 2 ** 31 });
  ajv.addFormat("int64", { type: "number", validate: (n: number) => Number.isSafeInteger(n) });
  ajv.addFormat("float", { type: "number", validate: (n: number) => Number.isFinite(n) });
  ajv.addFormat("double", { type: "number", validate: (n: number) => Number.isFinite(n) });
  const known = new Set(["int32", "int64", "float", "double"]);
  for (const format of formatsUsed(doc)) if (!known.has(format)) ajv.addFormat(format, true);
}

function formatsUsed(node: Json, found = new Set<string>()): Set<string> {
  if (Array.isArray(node)) {
    for (const item of node) formatsUsed(item, found);
  } else if (node !== null && typeof node === "object") {
    for (const [key, value] of Object.entries(node)) {
      if (key === "format" && typeof value === "string") found.add(value);
      else formatsUsed(value, found);
    }
  }
  return found;
}

function escapePointer(segment: string): string {
  return segment.replace(/~/g, "~0").replace(/\//g, "~1");
}

function asObject(value: Json | undefined): JsonObject {
  const object = asOptionalObject(value);
  if (object === undefined) throw new Error("Expected an object in the contract");
  return object;
}

function asOptionalObject(value: Json | undefined): JsonObject | undefined {
  return value !== null && typeof value === "object" && !Array.isArray(value) ? value : undefined;
}
