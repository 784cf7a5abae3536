/**
 * The Pulumi program the end-to-end tests deploy: one SignInToken per entry of
 * tickets.json (rewritten by the tests between runs), with the URLs exported.
 */
export const TICKETS_PROGRAM = `
const fs = require("fs");
const path = require("path");
const { SignInToken } = require("pulumi-clerk-sign-in-tokens");

const spec = JSON.parse(fs.readFileSync(path.join(__dirname, "tickets.json"), "utf8"));
const tickets = {};
for (const [name, args] of Object.entries(spec)) tickets[name] = new SignInToken(name, args);

exports.urls = Object.fromEntries(Object.entries(tickets).map(([name, t]) => [name, t.url]));
exports.ids = Object.fromEntries(Object.entries(tickets).map(([name, t]) => [name, t.id]));
exports.expiresAt = Object.fromEntries(Object.entries(tickets).map(([name, t]) => [name, t.expiresAt]));
`;
