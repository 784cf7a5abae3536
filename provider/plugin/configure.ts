/*
 * The provider's settings, as the engine sends them in Configure. `@pulumi/pulumi/provider`'s
 * `main()` answers Configure itself and drops the config it is sent; a plugin that only read
 * `PULUMI_CONFIG` (which the engine sets for a default provider alone) would ignore every
 * explicit provider (`new clerk.Provider("p", { secretKey })`). So before `main()` registers
 * its gRPC service, the plugin hooks the service definition's request decoder for Configure:
 * every Configure request passes through it on its way to `main()`'s handler. Only
 * `@pulumi/pulumi`'s own public module is touched, so this holds however the plugin is
 * installed or bundled.
 */

/** What a Configure request carries: the provider's inputs, by name without the `clerk:` prefix. */
export interface ConfigureRequest {
  getArgs(): { toJavaScript(): Record<string, unknown> } | undefined;
}

interface MethodDefinition {
  requestDeserialize: (bytes: Buffer) => unknown;
}

let installed = false;

/** Calls `onConfigure` with every Configure request the provider service receives. It must not throw. */
export function interceptConfigure(onConfigure: (request: ConfigureRequest) => void): void {
  if (installed) throw new Error("interceptConfigure: already installed");
  installed = true;
  const { ResourceProviderService } = require("@pulumi/pulumi/proto/provider_grpc_pb") as {
    ResourceProviderService: { configure: MethodDefinition };
  };
  const method = ResourceProviderService.configure;
  const decode = method.requestDeserialize;
  method.requestDeserialize = (bytes) => {
    const request = decode(bytes) as ConfigureRequest;
    onConfigure(request);
    return request;
  };
}
