import type { Exchange } from './http.js';
import { sendEmpty, sendHtml, sendJson } from './http.js';

/** What a fault does: delay, answer a status, send broken JSON or an HTML error page, reset, or 429. */
export type FaultKind = 'latency' | 'status' | 'malformed-json' | 'html' | 'reset' | 'rate-limit';

/** A fault switch. `path` is an exact pathname, a prefix ending in `*`, or a RegExp tested on the pathname. */
export interface FaultSpec {
  path: string | RegExp;
  /** Only this HTTP method (any when omitted). */
  method?: string;
  kind: FaultKind;
  /** `latency`: delay in real milliseconds before the request is handled normally (default 1000). */
  ms?: number;
  /** `status` (default 500) and `html` (default 502): the HTTP status. */
  status?: number;
  /** `rate-limit`: adds `Retry-After` with this many seconds (omitted: no Retry-After). */
  retryAfterSeconds?: number;
  /** How many matching requests it applies to (default: all until removed). */
  times?: number;
  /** `status`: a raw body to send instead of the default. */
  body?: string;
}

/** A fault that was added; `remove()` switches it off. */
export interface FaultHandle {
  readonly id: number;
  readonly remaining: number;
  remove(): void;
}

/** `emulator.faults`. */
export interface FaultSwitch {
  /** Adds a fault; returns a handle to remove it. */
  add(spec: FaultSpec): FaultHandle;
  /** Removes every fault. */
  clear(): void;
  /** The active faults. */
  list(): FaultSpec[];
}

interface ActiveFault {
  id: number;
  spec: FaultSpec;
  remaining: number;
}

const KINDS: readonly string[] = ['latency', 'status', 'malformed-json', 'html', 'reset', 'rate-limit'];

/** Holds the fault list and applies it to requests. */
export class Faults implements FaultSwitch {
  private faults: ActiveFault[] = [];
  private nextId = 1;

  add(spec: FaultSpec): FaultHandle {
    if (!KINDS.includes(spec?.kind)) throw new TypeError(`"kind" must be one of ${KINDS.join(', ')}`);
    if (typeof spec.path !== 'string' && !(spec.path instanceof RegExp))
      throw new TypeError('"path" must be a string or a RegExp');
    const fault: ActiveFault = {
      id: this.nextId++,
      spec: { ...spec },
      remaining: spec.times ?? Number.POSITIVE_INFINITY,
    };
    this.faults.push(fault);
    const faults = this;
    return {
      id: fault.id,
      get remaining() {
        return fault.remaining;
      },
      remove() {
        faults.faults = faults.faults.filter((candidate) => candidate !== fault);
      },
    };
  }

  clear(): void {
    this.faults = [];
  }

  list(): FaultSpec[] {
    return this.faults.map((fault) => ({ ...fault.spec }));
  }

  private matches(spec: FaultSpec, method: string, path: string): boolean {
    if (spec.method && spec.method.toUpperCase() !== method) return false;
    if (spec.path instanceof RegExp) return spec.path.test(path);
    if (spec.path.endsWith('*')) return path.startsWith(spec.path.slice(0, -1));
    return spec.path === path;
  }

  /** Applies matching faults; returns the kind when a fault answered the request (the caller stops). */
  async apply(ex: Exchange): Promise<string | null> {
    let delayed: string | null = null;
    for (const fault of [...this.faults]) {
      if (fault.remaining <= 0 || !this.matches(fault.spec, ex.method, ex.path)) continue;
      fault.remaining--;
      if (fault.remaining <= 0) this.faults = this.faults.filter((candidate) => candidate !== fault);
      const { spec } = fault;
      if (spec.kind === 'latency') {
        await new Promise((resolve) => setTimeout(resolve, spec.ms ?? 1000));
        delayed = 'latency';
        continue;
      }
      respond(ex, spec);
      return spec.kind;
    }
    return delayed === null ? null : `${delayed}:continue`;
  }
}

function respond(ex: Exchange, spec: FaultSpec): void {
  const isApi = ex.path.startsWith('/api/');
  switch (spec.kind) {
    case 'status': {
      const status = spec.status ?? 500;
      if (spec.body !== undefined) {
        ex.res.statusCode = status;
        ex.res.end(spec.body);
      } else if (isApi) {
        sendJson(ex, status, {
          error: {
            message: 'Internal Server Error',
            type: 'System.Exception',
            stack: '   at emulator fault',
            hresult: -2146233088,
          },
          status: 1,
          statusCode: status,
        });
      } else sendEmpty(ex, status);
      return;
    }
    case 'malformed-json': {
      const text = '{"count":1,"response":{"token":"';
      ex.res.statusCode = 200;
      ex.res.setHeader('Content-Type', 'application/json; charset=utf-8');
      ex.res.end(text);
      return;
    }
    case 'html': {
      const status = spec.status ?? 502;
      sendHtml(
        ex,
        status,
        `<html>\r\n<head><title>${status} Bad Gateway</title></head>\r\n<body>\r\n<center><h1>${status} Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`,
      );
      return;
    }
    case 'reset':
      ex.req.socket.destroy();
      return;
    case 'rate-limit': {
      const headers: Record<string, string> = {
        'X-RateLimit-Limit': '1500',
        'X-RateLimit-Remaining': '0',
        'X-RateLimit-Reset': String(spec.retryAfterSeconds ?? 60),
      };
      if (spec.retryAfterSeconds !== undefined) headers['Retry-After'] = String(spec.retryAfterSeconds);
      sendEmpty(ex, 429, headers);
      return;
    }
  }
}
