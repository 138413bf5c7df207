import { request, type Dispatcher } from "undici";
import { startEmulator, type Emulator, type EmulatorOptions } from "../../../src/emulator";

/** A response with its body parsed as JSON when it is JSON. */
export interface CallResult {
  status: number;
  headers: Record<string, string>;
  text: string;
  json: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- tests probe arbitrary API shapes
}

/** Options for {@link call}. */
export interface CallOptions {
  token?: string;
  body?: unknown;
  /** Sent as is instead of `body` serialised. */
  rawBody?: string;
  headers?: Record<string, string>;
  dispatcher?: Dispatcher;
}

/** One request with undici, bounded by a timeout, never throwing on HTTP errors. */
export async function call(method: Dispatcher.HttpMethod, url: string, options: CallOptions = {}): Promise<CallResult> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
  const payload = options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
  if (payload !== undefined) headers["content-type"] ??= "application/json";
  const response = await request(url, {
    method,
    headers,
    body: payload,
    dispatcher: options.dispatcher,
    headersTimeout: 5000,
    bodyTimeout: 5000,
  });
  const text = await response.body.text();
  const flatHeaders: Record<string, string> = {};
  for (const [name, value] of Object.entries(response.headers)) flatHeaders[name] = Array.isArray(value) ? value.join(", ") : String(value);
  let json: unknown;
  try {
    json = text === "" ? undefined : JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.statusCode, headers: flatHeaders, text, json };
}

/** Starts an emulator (HTTP only unless asked) before all tests of a file, resets it before each, closes it after. */
export function useEmulator(options: EmulatorOptions = {}): () => Emulator {
  let emulator: Emulator | undefined;
  beforeAll(async () => {
    emulator = await startEmulator({ httpsPort: false, seed: "unit-tests", ...options });
  });
  beforeEach(() => emulator?.reset());
  afterAll(async () => {
    await emulator?.close();
  });
  return () => {
    if (!emulator) throw new Error("emulator not started");
    return emulator;
  };
}

/** JSON:API request body with these attributes. */
export function attributes(values: Record<string, unknown>, type = "authentication-tokens"): { data: { type: string; attributes: Record<string, unknown> } } {
  return { data: { type, attributes: values } };
}
