/**
 * A Nuonuo-compatible channel on a local port, for development, demos and
 * tests: `POST /open/v1/services` answers the red-flush methods as Nuonuo's
 * open platform does (signature, access token, appkey and userTax checked),
 * and `/_sim/…` lets a person or a test play the bureau, the buyer and the
 * network (see README.md, "Channels: adapters and the simulator").
 *
 * Every request is recorded (`state.calls`); one that is not made as a
 * channel client must make it (unsigned, wrong token, unknown method or
 * path…) is answered with an error and recorded with a `failure`, so a
 * test can assert `state.failures` is empty.
 *
 *   const sim = await startSimulator({ appKey, appSecret, accessToken, hub: { url, appKey, appSecurity } });
 *   … sim.url, sim.state …
 *   await sim.close();
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { validNuonuoSignature } from '../src/channels/nuonuo/nuonuo.sign.ts';
import type { HubOptions } from './hub.ts';
import { type Json, METHOD_PREFIX, METHODS, type MethodName, type SimCall, type SimulatorSettings, SimulatorState } from './state.ts';

export type { HubOptions } from './hub.ts';
export type { SimCall, SimForm, SimInvoice, SimulatorSettings } from './state.ts';
export { SimulatorState } from './state.ts';

export interface SimulatorOptions {
  /** 0 (the default): any free port. */
  readonly port?: number;
  readonly host?: string;
  /** The credentials the simulated channel expects, as fapiao-hub's channel settings hold them. */
  readonly appKey: string;
  readonly appSecret: string;
  readonly accessToken: string;
  /** The seller's tax number the app is authorised for: the `userTax` header must carry it. Unset: not checked. */
  readonly userTax?: string | null;
  /** fapiao-hub's code of this channel: the pushes carry it, callbacks go to its path. Default `nuonuo`. */
  readonly channelCode?: string;
  /** fapiao-hub and an app of it with the scopes push and read; unset: nothing is pushed (full red flushes then fail). */
  readonly hub?: HubOptions;
  /** Where callbacks go (default `{hub.url}/api/callbacks/nuonuo/{channelCode}`); sent only with `settings.callbacks`. */
  readonly callbackUrl?: string;
  readonly settings?: Partial<SimulatorSettings>;
  /** Largest difference, in seconds, between a call's timestamp and the real clock. Default 600. */
  readonly maxSkewSeconds?: number;
}

export interface Simulator {
  /** `http://127.0.0.1:PORT`: the endpoint to configure (`channel set … --endpoint URL`). */
  readonly url: string;
  readonly state: SimulatorState;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 10 * 1024 * 1024;

class HttpError extends Error {
  readonly status: number;

  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

export async function startSimulator(options: SimulatorOptions): Promise<Simulator> {
  const state = new SimulatorState({
    channelCode: options.channelCode ?? 'nuonuo',
    userTax: options.userTax ?? null,
    hub: options.hub,
    callbackUrl: options.callbackUrl,
    settings: options.settings,
  });
  const held = new Set<http.ServerResponse>();
  /** Aborted on close: a fault still waiting out its delay answers nothing. */
  const closing = new AbortController();

  const server = http.createServer((req, res) => {
    void handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) send(res, 500, { error: (error as Error).message });
    });
  });

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const raw = await readBody(req);
    const url = new URL(req.url ?? '/', 'http://simulator');
    if (url.pathname === '/open/v1/services' && req.method === 'POST') return services(req, res, url, raw ?? '');
    if (url.pathname.startsWith('/_sim/')) return controls(req, res, url, raw ?? '');
    state.record({
      httpMethod: req.method ?? '',
      path: url.pathname,
      method: header(req, 'method'),
      query: Object.fromEntries(url.searchParams),
      headers: headersOf(req),
      body: decode(raw ?? ''),
      signatureValid: false,
      answer: { status: 404, code: null, describe: null },
      fault: null,
      failure: raw === undefined ? 'body too large' : `no such path: ${req.method} ${url.pathname}`,
    });
    send(res, 404, { code: 'E9404', describe: `no such path: ${url.pathname}` });
  }

  async function services(req: http.IncomingMessage, res: http.ServerResponse, url: URL, raw: string): Promise<void> {
    const query = Object.fromEntries(url.searchParams);
    const method = header(req, 'method');
    const body = decode(raw);
    const call = state.record({
      httpMethod: 'POST',
      path: url.pathname,
      method,
      query,
      headers: headersOf(req),
      body,
      signatureValid: false,
      answer: null,
      fault: null,
      failure: null,
    });
    const answer = (status: number, payload: Json) => {
      call.answer = {
        status,
        code: typeof payload.code === 'string' ? payload.code : null,
        describe: typeof payload.describe === 'string' ? payload.describe : null,
      };
      send(res, status, payload);
    };
    const name = method?.startsWith(METHOD_PREFIX) ? method.slice(METHOD_PREFIX.length) : '';
    const denial = checkCall(req, query, name, body, raw);
    call.signatureValid = denial?.signature !== false;
    if (denial) {
      call.failure = denial.failure;
      answer(200, { code: denial.code, describe: denial.describe });
      return;
    }

    const fault = state.takeFault(name);
    const run = () => state.handle(name as MethodName, body as Json, raw);
    if (!fault) {
      answer(200, run());
      return;
    }
    call.fault = fault.kind;
    if (fault.delayMs > 0) {
      const waited = await sleep(fault.delayMs, true, { signal: closing.signal }).catch(() => false);
      if (!waited) {
        res.destroy();
        return;
      }
    }
    if (fault.kind === 'refuse') {
      answer(200, { code: fault.code, describe: fault.message });
      return;
    }
    if (fault.process) run();
    if (fault.kind === 'http') {
      call.answer = { status: fault.status, code: null, describe: null };
      res.writeHead(fault.status, { 'content-type': 'text/plain; charset=utf-8' }).end(http.STATUS_CODES[fault.status] ?? 'error');
    } else if (fault.kind === 'timeout') {
      // Never answered: held until the client gives up or the simulator closes.
      held.add(res);
      res.on('close', () => held.delete(res));
    } else {
      req.socket.resetAndDestroy();
    }
  }

  /** Why a call is not made as a channel client must make it (the answer's code, and the failure recorded); undefined: it is. */
  function checkCall(
    req: http.IncomingMessage,
    query: Record<string, string>,
    name: string,
    body: unknown,
    raw: string,
  ): { code: string; describe: string; failure: string; signature?: false } | undefined {
    const { senid = '', nonce = '', timestamp = '', appkey = '' } = query;
    if (appkey !== options.appKey)
      return { code: 'E9203', describe: 'appkey无效', failure: `unknown appkey ${JSON.stringify(appkey)}`, signature: false };
    if (!/^[0-9A-Za-z]{32}$/.test(senid))
      return { code: 'E9101', describe: 'senid应为32位随机码', failure: 'senid is not 32 letters and digits', signature: false };
    if (!/^[1-9]\d{7}$/.test(nonce))
      return { code: 'E9101', describe: 'nonce应为8位随机正整数', failure: 'nonce is not an 8-digit positive number', signature: false };
    if (!/^\d{9,11}$/.test(timestamp))
      return { code: 'E9101', describe: 'timestamp应为秒级时间戳', failure: 'timestamp is not in seconds', signature: false };
    const token = header(req, 'accesstoken');
    if (token !== options.accessToken) {
      return {
        code: 'E9202',
        describe: 'accessToken无效',
        failure: token ? 'wrong accessToken' : 'no accessToken header',
        signature: false,
      };
    }
    const sign = header(req, 'x-nuonuo-sign');
    if (
      sign === null ||
      !validNuonuoSignature({ appKey: appkey, appSecret: options.appSecret, senid, nonce, timestamp, body: raw }, sign)
    ) {
      return { code: 'E9201', describe: '签名错误', failure: sign ? 'wrong X-Nuonuo-Sign' : 'no X-Nuonuo-Sign header', signature: false };
    }
    if (Math.abs(Date.now() / 1000 - Number(timestamp)) > (options.maxSkewSeconds ?? 600)) {
      return { code: 'E9205', describe: '时间戳已过期', failure: `timestamp ${timestamp} is too far from now` };
    }
    if (!METHODS.includes(name as MethodName)) {
      return { code: 'E9204', describe: '方法不存在', failure: `unknown method ${JSON.stringify(header(req, 'method'))}` };
    }
    if (options.userTax && header(req, 'usertax') !== options.userTax) {
      return {
        code: 'E9206',
        describe: '授权税号不一致',
        failure: `userTax ${JSON.stringify(header(req, 'usertax'))} is not the authorised seller's`,
      };
    }
    if (body === null || typeof body !== 'object' || Array.isArray(body)) {
      return { code: 'E9101', describe: '报文应为JSON对象', failure: 'the body is not a JSON object' };
    }
    return undefined;
  }

  async function controls(req: http.IncomingMessage, res: http.ServerResponse, url: URL, raw: string): Promise<void> {
    const parts = url.pathname.split('/').filter(Boolean).slice(1).map(decodeURIComponent);
    const post = req.method === 'POST';
    let input: Json = {};
    if (post && raw.trim() !== '') {
      const parsed = decode(raw);
      if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
        return send(res, 400, { error: 'the body must be a JSON object' });
      input = parsed as Json;
    }
    try {
      const [what, id, action] = parts;
      if (what === 'calls' && !post) return send(res, 200, { calls: state.calls });
      if (what === 'failures' && !post) return send(res, 200, { failures: state.failures });
      if (what === 'faults' && post) return send(res, 201, { fault: state.addFault(input as Parameters<SimulatorState['addFault']>[0]) });
      if (what === 'faults' && !post) return send(res, 200, { faults: state.faults });
      if (what === 'invoices' && !post) return send(res, 200, { invoices: [...state.invoices.values()] });
      if (what === 'invoices' && post && id !== undefined && action === 'push') {
        return send(res, 200, { invoice: await state.pushInvoice(id) });
      }
      if (what === 'callbacks' && !post) return send(res, 200, { callbacks: state.callbacks });
      if (what === 'settings') {
        if (post) Object.assign(state.settings, settingsOf(input));
        return send(res, 200, state.settings);
      }
      if (what === 'clock' && post) {
        const ms = input.advanceMs ?? (typeof input.advanceHours === 'number' ? input.advanceHours * 3_600_000 : 0);
        const now = state.advance(Number(ms));
        return send(res, 200, { now, nowIso: new Date(now).toISOString() });
      }
      if (what === 'settled' && post) {
        await state.settled();
        return send(res, 200, { settled: true });
      }
      if (what === 'buyer-forms' && post) {
        const form = await state.enterBuyerForm(input);
        return send(res, 201, state.formView(form.billId));
      }
      if (what === 'forms' && !post && id === undefined) {
        return send(res, 200, { forms: [...state.forms.keys()].map((billId) => state.formView(billId)) });
      }
      if (what === 'forms' && id !== undefined && !post && action === undefined) return send(res, 200, state.formView(id));
      if (what === 'forms' && id !== undefined && post) {
        switch (action) {
          case 'confirm':
            state.buyerDecides(id, true);
            break;
          case 'reject':
            state.buyerDecides(id, false);
            break;
          case 'revoke':
            state.buyerRevokes(id);
            break;
          case 'issue':
            state.issueRedOf(id);
            break;
          case 'decide':
            state.decidePending(id);
            break;
          case 'settle': {
            const decision = input.confirmation;
            if (decision !== undefined && decision !== 'none' && decision !== 'required' && decision !== 'fail') {
              throw new HttpError(400, 'confirmation is none, required or fail');
            }
            await state.settle(id, decision);
            break;
          }
          case 'fail':
            state.failForm(id, typeof input.message === 'string' ? input.message : '模拟申请失败');
            break;
          default:
            throw new HttpError(404, `no control ${action}`);
        }
        return send(res, 200, state.formView(id));
      }
      throw new HttpError(404, `no control ${req.method} ${url.pathname}`);
    } catch (error) {
      if (error instanceof HttpError) return send(res, error.status, { error: error.message });
      if (state.isRefusal(error)) return send(res, error.code === 'E9104' ? 404 : 409, { code: error.code, describe: error.message });
      if (error instanceof RangeError || error instanceof TypeError) return send(res, 400, { error: error.message });
      throw error;
    }
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host ?? '127.0.0.1';
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    state,
    async close() {
      closing.abort();
      for (const res of held) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await state.settled();
    },
  };
}

function settingsOf(input: Json): Partial<SimulatorSettings> {
  const settings: Partial<SimulatorSettings> = {};
  const confirmations = ['none', 'required', 'fail'];
  if (input.defaultConfirmation !== undefined) {
    if (!confirmations.includes(String(input.defaultConfirmation)))
      throw new HttpError(400, 'defaultConfirmation is none, required or fail');
    settings.defaultConfirmation = input.defaultConfirmation as SimulatorSettings['defaultConfirmation'];
  }
  if (input.buyers !== undefined) {
    const buyers = input.buyers as Record<string, unknown>;
    if (typeof buyers !== 'object' || buyers === null || Object.values(buyers).some((value) => !confirmations.includes(String(value)))) {
      throw new HttpError(400, 'buyers maps tax numbers to none, required or fail');
    }
    settings.buyers = buyers as SimulatorSettings['buyers'];
  }
  for (const name of ['holdApplying', 'autoIssue', 'callbacks', 'pushInvoices', 'slowConfirm'] as const) {
    if (input[name] === undefined) continue;
    if (typeof input[name] !== 'boolean') throw new HttpError(400, `${name} is true or false`);
    settings[name] = input[name];
  }
  return settings;
}

function header(req: http.IncomingMessage, name: string): string | null {
  const value = req.headers[name];
  return typeof value === 'string' ? value : null;
}

function headersOf(req: http.IncomingMessage): SimCall['headers'] {
  return {
    sign: header(req, 'x-nuonuo-sign') !== null,
    accessToken: header(req, 'accesstoken') !== null,
    userTax: header(req, 'usertax'),
    contentType: header(req, 'content-type'),
  };
}

function decode(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

/** The body as text; undefined when it is larger than the simulator takes. */
async function readBody(req: http.IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function send(res: http.ServerResponse, status: number, payload: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(payload));
}
