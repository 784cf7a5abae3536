import * as pulumi from "@pulumi/pulumi";
import * as pkg from "./index";
import type { SignInTokenArgs } from "./index";

test("the package's main export gives SignInToken (a dynamic resource) and its args type", () => {
  expect(Object.prototype.isPrototypeOf.call(pulumi.dynamic.Resource.prototype, pkg.SignInToken.prototype)).toBe(true);
  expect(Object.prototype.isPrototypeOf.call(pulumi.ComponentResource.prototype, pkg.SignInTokens.prototype)).toBe(true);
  const args: SignInTokenArgs = { userId: "user_1", expiresInSeconds: 60 };
  expect(args.userId).toBe("user_1");
});

test("package.json points its main entry and types at the compiled index", () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const manifest = require("../package.json") as { main: string; types: string; exports: Record<string, unknown> };
  expect(manifest.main).toBe("dist/provider/index.js");
  expect(manifest.types).toBe("dist/provider/index.d.ts");
  expect(manifest.exports["."]).toEqual({ types: "./dist/provider/index.d.ts", default: "./dist/provider/index.js" });
  // Users' states require compiled provider modules by path; the export map must allow it.
  expect(manifest.exports["./dist/*"]).toBe("./dist/*");
});
