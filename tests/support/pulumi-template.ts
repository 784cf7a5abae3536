/*
 * What `pulumi new typescript` writes (pulumi/templates, typescript/), today and before.
 * Programs of users who started from any of them must type-check against this package:
 * none has skipLibCheck, so every declaration the package's types reach is checked too.
 */

/** A template's compiler options, all but the ones that changed over time. */
const COMMON_COMPILER_OPTIONS = {
  strict: true,
  outDir: "bin",
  sourceMap: true,
  experimentalDecorators: true,
  pretty: true,
  noFallthroughCasesInSwitch: true,
  noImplicitReturns: true,
  forceConsistentCasingInFileNames: true,
};

/**
 * Today's tsconfig.json (since 2026-03-25): `module` and `moduleResolution` "nodenext", which
 * reads the package's `exports` map and its conditions as Node.js does. TypeScript 4.7 or
 * later; @pulumi/pulumi's vendored TypeScript 3.8.3 rejects it.
 */
export const TYPESCRIPT_TEMPLATE_TSCONFIG = {
  compilerOptions: { ...COMMON_COMPILER_OPTIONS, target: "es2020", module: "nodenext", moduleResolution: "nodenext" },
  files: ["index.ts"],
};

/**
 * Today's package.json devDependencies (TypeScript since 2024-04-15, as a devDependency since
 * 2024-05-10): the project brings its own TypeScript 5, which @pulumi/pulumi's ts-node uses.
 */
export const TYPESCRIPT_TEMPLATE_DEV_DEPENDENCIES = { "@types/node": "^18", typescript: "^5.0.0" };

/** The tsconfig.json from 2024-04-15 to 2026-03-25: CommonJS, "node" (node10) resolution, which ignores `exports`. */
export const TYPESCRIPT_TEMPLATE_TSCONFIG_2024 = {
  compilerOptions: { ...COMMON_COMPILER_OPTIONS, target: "es2020", module: "commonjs", moduleResolution: "node" },
  files: ["index.ts"],
};

/**
 * The tsconfig.json until 2024-04-15, whose package.json had no TypeScript: such a project
 * is type-checked by @pulumi/pulumi's vendored TypeScript 3.8.3 (with ts-node 7).
 */
export const TYPESCRIPT_TEMPLATE_TSCONFIG_BEFORE_2024 = {
  compilerOptions: { ...COMMON_COMPILER_OPTIONS, target: "es2016", module: "commonjs", moduleResolution: "node" },
  files: ["index.ts"],
};
