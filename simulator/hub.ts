/**
 * The simulator's way into fapiao-hub, exactly as a channel's: an app's
 * appKey/appSecurity buy an access token (`POST /api/openapi/v1/auth/getAccessToken`),
 * renewed shortly before it expires or when fapiao-hub says 401; red
 * invoices are pushed to `POST /api/openapi/v2/invoicing?accessToken=…`;
 * a blue invoice is read with `GET /api/openapi/v2/invoices/lookup` (the
 * red invoice of a full red flush copies its rows). So the app needs the
 * scopes push and read.
 */

export interface HubOptions {
  /** fapiao-hub's base URL (`http://127.0.0.1:3000`). */
  readonly url: string;
  readonly appKey: string;
  readonly appSecurity: string;
}

type Json = Record<string, unknown>;

export interface HubAnswer {
  readonly status: number;
  readonly body: unknown;
}

const TIMEOUT_MS = 10_000;

export class HubClient {
  readonly url: string;
  readonly #appKey: string;
  readonly #appSecurity: string;
  #token: { value: string; expiresAt: number } | undefined;

  constructor(options: HubOptions) {
    this.url = options.url.replace(/\/+$/, '');
    this.#appKey = options.appKey;
    this.#appSecurity = options.appSecurity;
  }

  async #accessToken(): Promise<string> {
    if (this.#token && this.#token.expiresAt - 60_000 > Date.now()) return this.#token.value;
    const answer = await send(`${this.url}/api/openapi/v1/auth/getAccessToken`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ appKey: this.#appKey, appSecurity: this.#appSecurity }),
    });
    const value = (answer.body as { value?: { accessToken?: string; expireTime?: number } } | null)?.value;
    if (answer.status !== 200 || !value?.accessToken) {
      throw new Error(`fapiao-hub refused the simulator's app credentials: HTTP ${answer.status} ${JSON.stringify(answer.body)}`);
    }
    this.#token = { value: value.accessToken, expiresAt: value.expireTime ?? Date.now() + 3_600_000 };
    return value.accessToken;
  }

  /** Runs a call with a token; on 401 gets a new token and runs it once more. */
  async #withToken(run: (token: string) => Promise<HubAnswer>): Promise<HubAnswer> {
    const answer = await run(await this.#accessToken());
    if (answer.status !== 401) return answer;
    this.#token = undefined;
    return run(await this.#accessToken());
  }

  push(body: Json): Promise<HubAnswer> {
    return this.#withToken((token) =>
      send(`${this.url}/api/openapi/v2/invoicing?accessToken=${encodeURIComponent(token)}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      }),
    );
  }

  /** The blue invoice's view (invoice, details, redFlush), or undefined when fapiao-hub has no such invoice. */
  async lookup(invoiceCode: string, invoiceNumber: string): Promise<Json | undefined> {
    const query = new URLSearchParams({ invoiceCode, invoiceNumber });
    const answer = await this.#withToken((token) =>
      send(`${this.url}/api/openapi/v2/invoices/lookup?${query}`, { method: 'GET', headers: { accessToken: token } }),
    );
    if (answer.status === 404) return undefined;
    const value = (answer.body as { value?: Json } | null)?.value;
    if (answer.status !== 200 || !value) {
      throw new Error(
        `fapiao-hub did not answer the lookup of ${invoiceCode}/${invoiceNumber}: HTTP ${answer.status} ${JSON.stringify(answer.body)}`,
      );
    }
    return value;
  }
}

/** A form-encoded POST, as Nuonuo calls back; the status, or the error. */
export async function postForm(url: string, form: Record<string, string>): Promise<HubAnswer> {
  return send(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded;charset=utf-8' },
    body: new URLSearchParams(form).toString(),
  });
}

async function send(url: string, init: RequestInit): Promise<HubAnswer> {
  const response = await fetch(url, { ...init, signal: AbortSignal.timeout(TIMEOUT_MS) });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // Not JSON: kept as text.
  }
  return { status: response.status, body };
}
