import { cpSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { compareTrees, generateSdk, SDK_DIR } from "./sdk-tree";

/*
 * sdk/ is generated (npm run gen-sdk) and committed, so that Go users can require it and
 * the other SDKs can be read and packed without Go. This fails when the schema or the
 * generator changed and sdk/ was not regenerated, or when a generated file was edited.
 */

let scratch: string;
beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), "sdk-fresh-"));
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

test(
  "the committed sdk/ is what npm run gen-sdk makes of provider/plugin/schema.json",
  async () => {
    const generated = join(scratch, "sdk");
    await generateSdk(generated);
    const differences = compareTrees(generated, SDK_DIR);
    if (differences.length > 0) {
      throw new Error(`sdk/ differs from what the schema generates:\n  ${differences.join("\n  ")}\nRun npm run gen-sdk and commit sdk/.`);
    }
  },
  30 * 60_000,
);

test("the comparison names stale, missing and extra files", () => {
  const generated = join(scratch, "a");
  const committed = join(scratch, "b");
  for (const dir of [generated, committed]) cpSync(join(SDK_DIR, "go"), dir, { recursive: true });
  writeFileSync(join(committed, "clerk", "signInToken.go"), "// edited by hand\n");
  rmSync(join(committed, "clerk", "provider.go"));
  writeFileSync(join(committed, "clerk", "old.go"), "package clerk\n");
  expect(compareTrees(generated, committed)).toEqual([
    "missing: clerk/provider.go",
    "stale:   clerk/signInToken.go",
    "extra:   clerk/old.go",
  ]);
});
