/**
 * The Pulumi program the SignInTokens end-to-end tests deploy: one `SignInTokens` set
 * named "team" from users.json ({ users, defaults }, rewritten by the tests between
 * runs), with its maps exported. With `"usersAsOutput": true` the users map is handed
 * over as a pulumi.Output, which the component must refuse.
 */
export const SIGN_IN_TOKENS_PROGRAM = `
const fs = require("fs");
const path = require("path");
const pulumi = require("@pulumi/pulumi");
const { SignInTokens } = require("pulumi-clerk-sign-in-tokens");

const spec = JSON.parse(fs.readFileSync(path.join(__dirname, "users.json"), "utf8"));
const users = spec.usersAsOutput ? pulumi.output(spec.users) : spec.users;
const team = new SignInTokens("team", { users, defaults: spec.defaults });

exports.urls = team.urls;
exports.ids = team.ids;
exports.expiresAt = team.expiresAt;
`;
