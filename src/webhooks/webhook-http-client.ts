import http from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import { performance } from 'node:perf_hooks';

import {
  AddressPolicy,
  classifyAddress,
  createGuardedLookup,
  ForbiddenAddressError,
  isAddressAllowed,
} from './address-policy';
import { AttemptOutcome } from './retry-schedule';

/** What one POST produced, with how long it took and, on failure, a short readable error. */
export interface PostResult {
  outcome: AttemptOutcome;
  latencyMs: number;
  error: string | null;
}

export interface WebhookHttpClientOptions extends AddressPolicy {
  timeoutMs: number;
  /** Sockets kept per receiver; bounds what one slow CRM can hold. */
  maxSocketsPerHost: number;
}

class AttemptTimeout extends Error {}

/**
 * Keep-alive POSTs to receivers. Redirects are never followed (a 3xx is a failed attempt), the
 * whole attempt (connect, headers and body) has one deadline, and every host name is resolved
 * through the guarded lookup, so a name that now points at a private address (DNS rebinding) is
 * refused before a socket opens. IP-literal hosts skip DNS and are checked here instead.
 */
export class WebhookHttpClient {
  private readonly httpAgent: http.Agent;
  private readonly httpsAgent: https.Agent;
  private readonly urls = new Map<string, URL>();

  constructor(private readonly options: WebhookHttpClientOptions) {
    const lookup = createGuardedLookup(options) as unknown as http.AgentOptions['lookup'];
    const agentOptions = {
      keepAlive: true,
      maxSockets: options.maxSocketsPerHost,
      maxFreeSockets: options.maxSocketsPerHost,
      lookup,
      scheduling: 'lifo' as const,
    };
    this.httpAgent = new http.Agent(agentOptions);
    this.httpsAgent = new https.Agent(agentOptions);
  }

  post(rawUrl: string, headers: Record<string, string>, body: string): Promise<PostResult> {
    const started = performance.now();
    const elapsed = () => Math.round(performance.now() - started);
    const url = this.parse(rawUrl);
    const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
    if (isIP(host) && !isAddressAllowed(host, this.options)) {
      const error = new ForbiddenAddressError(host, classifyAddress(host));
      return Promise.resolve({ outcome: { kind: 'network', code: error.code }, latencyMs: 0, error: error.message });
    }
    const secure = url.protocol === 'https:';
    return new Promise<PostResult>((resolve) => {
      let settled = false;
      const finish = (result: Omit<PostResult, 'latencyMs'>) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve({ ...result, latencyMs: elapsed() });
      };
      const request = (secure ? https : http).request(url, {
        method: 'POST',
        agent: secure ? this.httpsAgent : this.httpAgent,
        headers: {
          ...headers,
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          'user-agent': 'Palaute-Webhooks/1',
        },
      });
      const timer = setTimeout(
        () => request.destroy(new AttemptTimeout(`no complete response within ${this.options.timeoutMs} ms`)),
        this.options.timeoutMs,
      );
      request.on('response', (response) => {
        const status = response.statusCode ?? 0;
        const retryAfter = headerValue(response.headers['retry-after']);
        // The body is not kept: it is drained so the socket can serve the next attempt.
        response.resume();
        response.on('end', () =>
          finish({
            outcome: { kind: 'response', status, retryAfter },
            error: status >= 200 && status <= 299 ? null : `HTTP ${status}`,
          }),
        );
        response.on('error', (err) => finish(failure(err)));
      });
      request.on('error', (err) => finish(failure(err)));
      request.end(body);
    });
  }

  close(): void {
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
  }

  private parse(rawUrl: string): URL {
    let url = this.urls.get(rawUrl);
    if (!url) {
      url = new URL(rawUrl);
      if (this.urls.size > 10_000) this.urls.clear();
      this.urls.set(rawUrl, url);
    }
    return url;
  }
}

function headerValue(value: string | string[] | undefined): string | null {
  return Array.isArray(value) ? (value[0] ?? null) : (value ?? null);
}

function failure(err: Error & { code?: string }): Omit<PostResult, 'latencyMs'> {
  if (err instanceof AttemptTimeout) return { outcome: { kind: 'timeout' }, error: err.message };
  return {
    outcome: { kind: 'network', code: err.code },
    error: err.code ? `${err.code}: ${err.message}` : err.message,
  };
}
