import { randomInt } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { isSecretKey } from "../clerk/facts";
import type { ControlTarget } from "../control/context";
import { type ControlServer, startControlServer } from "../control/server";
import { OutageWindow } from "../faults/outage";
import { FaultPlanner } from "../faults/planner";
import { seededRandom } from "../faults/prng";
import { API_PREFIX } from "../routes/catalogue";
import { clerkId } from "../store/ids";
import { SessionStore } from "../store/session-store";
import { ClerkStore } from "../store/store";
import { TicketSigner } from "../tickets/jwt";
import { signInWithTicket } from "../tickets/sign-in";
import type { ClerkEmulator, ClerkEmulatorOptions } from "../types";
import { handleRequest, type PipelineDeps } from "./pipeline";
import { defaultRateLimit, RateLimiter } from "./rate-limiter";
import { RequestLog } from "./request-log";

/** The emulator only ever listens on loopback: it holds test keys and must not be reachable from elsewhere. */
const HOST = "127.0.0.1";

export async function startClerkEmulator(options: ClerkEmulatorOptions): Promise<ClerkEmulator> {
  const { secretKey } = options;
  if (!isSecretKey(secretKey)) {
    throw new Error("secretKey must start with sk_test_ or sk_live_");
  }
  const port = options.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`Invalid port: ${String(port)}`);
  const { controlPort } = options;
  if (controlPort !== undefined && (!Number.isInteger(controlPort) || controlPort < 0 || controlPort > 65535)) {
    throw new Error(`Invalid controlPort: ${String(controlPort)}`);
  }

  const now = options.now ?? Date.now;
  const seed = options.seed ?? randomInt(2 ** 31);
  const store = new ClerkStore();
  const sessions = new SessionStore();
  for (const user of options.users ?? []) store.addUser(user, now());
  const instanceId = clerkId("ins");
  const signer = new TicketSigner(instanceId);
  const limiter = new RateLimiter(options.rateLimit ?? defaultRateLimit(secretKey));
  const faults = new FaultPlanner(options.faults ?? [], seededRandom(seed));
  const outage = new OutageWindow();
  const log = new RequestLog();
  const slowTimers = new Set<NodeJS.Timeout>();

  // The pipeline needs the API url, which is only known once the port is bound.
  let deps: PipelineDeps | undefined;
  const server = createServer((req, res) => {
    if (deps !== undefined) void handleRequest(deps, req, res);
    else req.socket.destroy();
  });
  const boundPort = await listen(server, port);
  const origin = `http://${HOST}:${boundPort}`;
  const apiUrl = `${origin}${API_PREFIX}`;
  deps = { instance: { store, sessions, signer, instanceId, now, apiUrl }, secretKey, limiter, faults, outage, log, slowTimers };

  const closeApi = new Promise<void>((resolve) => server.once("close", () => resolve()));
  let control: ControlServer | undefined;
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    if (stopping === undefined) {
      for (const timer of slowTimers) clearTimeout(timer);
      slowTimers.clear();
      server.close();
      // close() alone waits for keep-alive and held ("slow") sockets; these must not keep a test waiting.
      server.closeAllConnections();
      stopping = Promise.all([closeApi, control?.close()]).then(() => undefined);
    }
    return stopping;
  };

  const target: ControlTarget = {
    url: apiUrl,
    signInPage: `${origin}/sign-in`,
    secretKey,
    publicKeyPem: signer.publicKeyPem,
    instanceId,
    seed,
    addUser: (user) => void store.addUser(user, now()),
    tokens: (filter) => store.tokens(filter),
    token: (id) => store.token(id),
    accept(id) {
      if (store.token(id) === undefined) throw new Error(`No sign-in token with id ${id}`);
      const result = signInWithTicket({ store, sessions }, id, undefined, now());
      if (!result.ok) throw new Error(`Cannot accept ${id}: ${result.error.longMessage}`);
    },
    revoke(id) {
      const result = store.transition(id, "revoked", now());
      if (result.ok) return;
      throw new Error(
        result.reason === "not_found"
          ? `No sign-in token with id ${id}`
          : `Cannot revoke ${id}: its status is ${result.status}; only pending tokens can be revoked`,
      );
    },
    sessions: (filter) => sessions.sessions(now(), filter),
    session: (id) => sessions.session(id, now()),
    requests: (filter) => log.list(filter),
    requestCount: (filter) => log.count(filter),
    requestCounts: () => log.counts(),
    resetRequests: () => log.clear(),
    setRateLimit: (limit) => limiter.setLimit(limit),
    setFaults: (rules) => faults.setRules(rules),
    faultRules: () => faults.list(),
    outage: (seconds, kind = 503) => outage.start(seconds, kind, now()),
    endOutage: () => outage.end(),
    currentOutage: () => outage.current(now()),
  };

  if (controlPort !== undefined) {
    try {
      control = await startControlServer(target, now, controlPort);
    } catch (error) {
      await stop();
      throw error;
    }
  }
  return { ...target, controlUrl: control?.url, stop };
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen({ port, host: HOST }, () => {
      server.off("error", reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}
