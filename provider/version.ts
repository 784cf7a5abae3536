// Kept as a literal (a test checks it against package.json) because the provider is
// serialized into the state and cannot `require` a relative package.json at run time.
export const PACKAGE_NAME = "pulumi-clerk-sign-in-tokens";
export const PACKAGE_VERSION = "0.3.0";
