import type { ClerkEmulator } from "../../emulator";
import type { PulumiProject } from "./pulumi-project";

/** Something a user or an attacker could read: a file, a command's output. */
export interface Place {
  path: string;
  text: string;
}

/** The key, and every ticket and URL the emulator ever issued. */
export function secretsOf(key: string, emulator: ClerkEmulator): string[] {
  return [key, ...emulator.tokens().flatMap((t) => [t.token, t.url])];
}

/** What a project leaves readable: the exported stack, every backend file, the CLI output. */
export async function readablePlaces(project: PulumiProject): Promise<Place[]> {
  return [
    { path: "pulumi stack export", text: (await project.ok(["stack", "export"])).stdout },
    ...project.backendFiles(),
    { path: "CLI output", text: project.transcript.join("\n") },
  ];
}

/** Fails naming every place that holds one of `secrets` in plain text, without printing it. */
export function expectNoSecretsIn(places: Place[], secrets: string[]): void {
  const leaking = places.filter((place) => secrets.some((secret) => place.text.includes(secret))).map((place) => place.path);
  expect(leaking).toEqual([]);
}
