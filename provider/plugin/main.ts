#!/usr/bin/env node
import { main } from "@pulumi/pulumi/provider";
import { interceptConfigure } from "./configure";
import { ClerkPluginProvider } from "./provider";

/*
 * `pulumi-resource-clerk`: the provider plugin the engine starts for `clerk:*` resources. It
 * prints the port of its gRPC server on its first line (main() does) and serves until the
 * engine stops it.
 */
const plugin = new ClerkPluginProvider();
interceptConfigure((request) => plugin.configure(request.getArgs()?.toJavaScript() ?? {}));
void main(plugin, process.argv.slice(2));
