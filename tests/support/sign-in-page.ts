import { runInNewContext } from "node:vm";
import { request } from "undici";

/**
 * Runs the emulator's sign-in page (GET /sign-in) as a browser would, as far as the page
 * uses one: its HTML is fetched over HTTP, its inline script runs in a fresh context with
 * the few browser objects it touches (elements by id, `hidden`, `textContent`,
 * `document.body.dataset`, `location`, `history.replaceState`, `fetch`), and its fetches go
 * over real HTTP to the emulator, with the cookies of a jar as a browser would send them.
 * Not a browser: no layout, no CSS, no composed text of nested elements. It exists so the
 * page's own logic is tested here, over HTTP; a real-browser test drives the same page.
 */

/** A browser's cookies for the emulator's origin: name → value (what Set-Cookie's first pair says). */
export type CookieJar = Map<string, string>;

export interface PageFetch {
  method: string;
  /** The URL as the page asked for it, resolved against the page's address. */
  url: string;
  status: number;
  /** Whether the request carried an Authorization header (the page must never send a key). */
  authorization: boolean;
}

export interface PageView {
  /** <body data-state> once the page settled: "signed-in", "signed-out" or "error". */
  state: string;
  /** The page's address once it settled (after history.replaceState). */
  location: string;
  /** An element's text, as the script set it (or as the HTML had it). */
  text(id: string): string;
  hidden(id: string): boolean;
  /** Every request the page's script made, in order. */
  fetches: PageFetch[];
  /** What the script logged to the console; empty when all went well. */
  console: string[];
}

interface FakeElement {
  id: string;
  hidden: boolean;
  textContent: string;
}

/** Opens `address` (the sign-in page, with or without a ticket) with `jar`'s cookies, and waits for the page to settle. */
export async function openSignInPage(address: string, jar: CookieJar): Promise<PageView> {
  const page = await httpGet(address, jar);
  if (page.status !== 200) throw new Error(`GET ${address}: HTTP ${page.status}`);
  const script = /<script>([\s\S]*?)<\/script>/.exec(page.text)?.[1];
  if (script === undefined) throw new Error("the page has no inline script");

  const elements = new Map<string, FakeElement>();
  for (const match of page.text.matchAll(/<(\w+)\s+id="([^"]+)"([^>]*)>([^<]*)/g)) {
    const [, , id, attributes, text] = match as unknown as [string, string, string, string, string];
    elements.set(id, { id, hidden: /\bhidden\b/.test(attributes), textContent: text });
  }
  const bodyState = /<body data-state="([^"]*)"/.exec(page.text)?.[1];
  const body = { dataset: { state: bodyState ?? "" } as Record<string, string> };
  let location = new URL(address);
  const origin = location.origin;
  const fetches: PageFetch[] = [];
  const logged: string[] = [];

  const fakeFetch = async (input: string, init: { credentials?: string; headers?: Record<string, string> } = {}) => {
    const url = new URL(input, location);
    // The page must reach nothing but its own origin; a test fails rather than let it.
    if (url.origin !== origin) throw new Error(`the page fetched ${url.origin}, outside its origin ${origin}`);
    const answer = await httpGet(url.toString(), init.credentials === "omit" ? new Map() : jar);
    const authorization = Object.keys(init.headers ?? {}).some((name) => name.toLowerCase() === "authorization");
    fetches.push({ method: "GET", url: url.toString(), status: answer.status, authorization });
    return { ok: answer.status >= 200 && answer.status < 300, status: answer.status, json: async () => JSON.parse(answer.text) as unknown };
  };
  const context = {
    document: {
      getElementById: (id: string) => {
        const element = elements.get(id);
        if (element === undefined) throw new Error(`the page's script asked for #${id}, which its HTML does not have`);
        return element;
      },
      body,
    },
    window: {
      get location() {
        return { href: location.toString() };
      },
      history: {
        replaceState: (_state: unknown, _title: string, url: string | URL) => {
          const next = new URL(url, location);
          if (next.origin !== origin) throw new Error("replaceState cannot change the origin");
          location = next;
        },
      },
    },
    fetch: fakeFetch,
    URL,
    URLSearchParams,
    console: { error: (...args: unknown[]) => logged.push(args.join(" ")), log: (...args: unknown[]) => logged.push(args.join(" ")) },
  };
  // The script's last statement is its sign-in, a promise: its completion value.
  const completion: unknown = runInNewContext(script, context, { filename: "sign-in-page.js" });
  if (typeof (completion as { then?: unknown } | undefined)?.then !== "function")
    throw new Error("the page's script did not end with its sign-in");
  await completion;
  if (body.dataset.state === "loading") throw new Error("the page's script finished but left the page loading");

  return {
    state: body.dataset.state ?? "",
    location: location.toString(),
    text: (id) => context.document.getElementById(id).textContent,
    hidden: (id) => context.document.getElementById(id).hidden,
    fetches,
    console: logged,
  };
}

/** A GET with the jar's cookies; the answer's Set-Cookie lands in the jar. */
async function httpGet(url: string, jar: CookieJar): Promise<{ status: number; text: string }> {
  const cookie = [...jar].map(([name, value]) => `${name}=${value}`).join("; ");
  const response = await request(url, { headers: cookie === "" ? {} : { cookie } });
  const setCookie = response.headers["set-cookie"];
  for (const line of Array.isArray(setCookie) ? setCookie : setCookie === undefined ? [] : [setCookie]) {
    const [pair] = line.split(";");
    const eq = (pair ?? "").indexOf("=");
    if (eq > 0) jar.set((pair as string).slice(0, eq).trim(), (pair as string).slice(eq + 1).trim());
  }
  return { status: response.statusCode, text: await response.body.text() };
}
