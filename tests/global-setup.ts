import { join } from "node:path";
import { packPackage } from "../scripts/lib/temp-project";

/**
 * Packs the package once for the whole run, as `npm pack` publishes it: every end-to-end
 * project installs it. The path reaches the test processes through the environment; the
 * tarball is removed when this (jest's main) process exits.
 */
export default function globalSetup(): void {
  process.env.CLERK_PACKAGE_TARBALL = packPackage(join(__dirname, ".."));
}
