import { existsSync, realpathSync } from "node:fs";
import { Module } from "node:module";
import { join, sep } from "node:path";
import type * as dynamic from "@pulumi/pulumi/dynamic";
import { PACKAGE_NAME } from "../version";

/** The stored provider's path inside the package, as states name it (see stored-provider.ts). */
export const STORED_PROVIDER_PATH = "dist/provider/stored-provider.js";

let reference: dynamic.ResourceProvider | undefined;

/**
 * The provider object `SignInToken` hands to Pulumi: the exports of the stored-provider
 * module, which Pulumi's closure serializer writes into the state as a `require` of
 * `<package name>/<path of the file after node_modules/>`.
 *
 * That name is computed from the module's real path. With npm and yarn the real path is
 * `…/node_modules/pulumi-clerk-sign-in-tokens/dist/…`, which gives the right name. With
 * pnpm it is `…/node_modules/.pnpm/pulumi-clerk-sign-in-tokens@<version>/node_modules/…`:
 * older @pulumi/pulumi versions (3.248 among them) cut it at the first `node_modules` and
 * fail on the package's "exports" (pulumi/pulumi#9085), and a name with the version in it
 * would break `destroy` after an upgrade anyway. So where the real path is not the one the project
 * sees, the object handed to Pulumi is a stand-in registered in the module cache at the
 * path the project sees (`<project>/node_modules/pulumi-clerk-sign-in-tokens/…`, a link
 * to the same file): the serializer then writes the same name as under npm.
 */
export function storedProviderReference(): dynamic.ResourceProvider {
  return (reference ??= makeReference());
}

function makeReference(): dynamic.ResourceProvider {
  const provider = require("../stored-provider") as dynamic.ResourceProvider;
  const seen = pathTheProjectSees(require.resolve("../stored-provider"));
  if (seen === undefined) return provider;
  // A distinct object: the serializer names the first cached module whose exports it is.
  const standIn = Object.create(provider) as dynamic.ResourceProvider;
  const entry = new Module(seen);
  entry.filename = seen;
  entry.loaded = true;
  entry.exports = standIn;
  require.cache[seen] = entry;
  return standIn;
}

/**
 * Where the project sees the stored-provider file, when that is not its real path: through
 * the `node_modules/<package>` link of pnpm, or of an `npm link`. Undefined when the real
 * path already reads `node_modules/<package>/…` once, or when no such link leads to it.
 */
export function pathTheProjectSees(realFile: string, cwd: string = process.cwd()): string | undefined {
  const tail = join("node_modules", PACKAGE_NAME, STORED_PROVIDER_PATH);
  const nodeModulesCount = (file: string) => file.split(sep).filter((part) => part === "node_modules").length;
  if (realFile.endsWith(sep + tail) && nodeModulesCount(realFile) === 1) return undefined;
  const candidates: string[] = [];
  const pnpmStore = realFile.lastIndexOf(`${sep}node_modules${sep}.pnpm${sep}`);
  if (pnpmStore >= 0) candidates.push(join(realFile.slice(0, pnpmStore), tail));
  candidates.push(join(cwd, tail));
  return candidates.find((candidate) => nodeModulesCount(candidate) === 1 && sameFile(candidate, realFile));
}

function sameFile(candidate: string, realFile: string): boolean {
  try {
    return existsSync(candidate) && realpathSync(candidate) === realFile;
  } catch {
    return false;
  }
}
