#!/usr/bin/env node
import { main } from "@pulumi/pulumi/provider";
import { interceptConfigure } from "./configure";
import { exitWhenEngineGone } from "./lifetime";
import { ClerkPluginProvider } from "./provider";

/*
 * `pulumi-resource-clerk`: the provider plugin the engine starts for `clerk:*` resources. It
 * prints the port of its gRPC server on its first line (main() does) and serves until the
 * engine stops it, or is gone (see lifetime.ts).
 */
const plugin = new ClerkPluginProvider();
interceptConfigure((request) => plugin.configure(request.getArgs()?.toJavaScript() ?? {}));
void main(plugin, process.argv.slice(2)).then(() => exitWhenEngineGone());
