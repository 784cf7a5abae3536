import { ClerkClient as Client } from "../../../clerk/client";
import type { ClerkSettings } from "../../../clerk/settings";
import { pulumiClientOptions } from "../../../core/settings";

/**
 * For states written by 0.1.0 (see ../README.md): 0.1.0 makes its client with the settings
 * alone, and expects retry notices in the `pulumi` output and Pulumi's advice in its
 * errors, as the current provider's client has them.
 */
export class ClerkClient extends Client {
  constructor(settings: ClerkSettings) {
    super(settings, pulumiClientOptions());
  }
}
