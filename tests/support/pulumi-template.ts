/**
 * The tsconfig.json that `pulumi new typescript` writes (pulumi/templates, typescript/):
 * no skipLibCheck, "node" module resolution. Programs of users who started from it must
 * type-check against this package.
 */
export const TYPESCRIPT_TEMPLATE_TSCONFIG = {
  compilerOptions: {
    strict: true,
    outDir: "bin",
    target: "es2020",
    module: "commonjs",
    moduleResolution: "node",
    sourceMap: true,
    experimentalDecorators: true,
    pretty: true,
    noFallthroughCasesInSwitch: true,
    noImplicitReturns: true,
    forceConsistentCasingInFileNames: true,
  },
  files: ["index.ts"],
};
