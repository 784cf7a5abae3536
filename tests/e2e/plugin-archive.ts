import { PACKAGE_VERSION } from "../../provider/version";
import { pluginBuild } from "../../scripts/lib/plugin-build";
import { runCommand } from "../../scripts/lib/temp-project";
import { REPO_ROOT } from "../support/serialized-provider";

/*
 * The provider plugin as users of other languages install it: the archive
 * `npm run build:plugin` makes (a standalone executable, built once per content into the
 * cache: scripts/lib/plugin-build.ts), installed with
 * `pulumi plugin install resource clerk <version> --file <archive>`.
 */

/** The path of the plugin archive of this tree. */
export async function pluginArchive(): Promise<string> {
  return (await pluginBuild(REPO_ROOT)).archive;
}

/** Installs the archive into the Pulumi home of `env` (PULUMI_HOME), as a user does. */
export async function installPlugin(env: Record<string, string>, cwd: string): Promise<void> {
  const archive = await pluginArchive();
  const result = await runCommand("pulumi", ["plugin", "install", "resource", "clerk", PACKAGE_VERSION, "--file", archive], { cwd, env });
  if (result.code !== 0) throw new Error(`pulumi plugin install failed (${result.code}):\n${result.stdout}\n${result.stderr}`);
}
