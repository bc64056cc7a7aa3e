/**
 * A fault of the simulated Twilio REST API (Messages, Calls), for testing what the service does
 * when Twilio misbehaves for a while.
 *
 * - `error`: answer `status` (default 500) with Twilio's error body, doing nothing;
 * - `hang`: do nothing and never answer: the client's request timeout decides;
 * - `drop-response`: do the request (a message is created, its callbacks follow), then never
 *   answer: Twilio has the message, the client does not know.
 */
export interface ApiFault {
  mode: 'error' | 'hang' | 'drop-response';
  /** HTTP status of an `error` (500, 502, 503…). */
  status?: number;
  /** Only requests about this number (the `To` of a create or of a list); default every request. */
  to?: string;
  /** Only requests with this method: `POST` creates, `GET` fetches and lists; default both. */
  method?: 'GET' | 'POST';
  /** Fault this many matching requests, then stop. */
  count?: number;
  /** Fault matching requests for this long from when the fault is added, then stop. */
  forMs?: number;
}

/** One REST API request as the simulator saw it, in arrival order. */
export interface ApiRequestRecord {
  at: Date;
  method: string;
  /** The path without the host, e.g. `/2010-04-01/Accounts/AC…/Messages.json`. */
  path: string;
  /** `To` of a create (form) or of a list (query), when there is one. */
  to?: string;
  /** The HTTP status answered, or the fault that kept it from being answered. */
  outcome?: number | 'hang' | 'drop-response';
}

interface ActiveFault extends ApiFault {
  until?: number;
  left?: number;
}

/** The faults in force, oldest first; a request takes the first one that matches it. */
export class ApiFaults {
  private faults: ActiveFault[] = [];

  add(fault: ApiFault, now = Date.now()): void {
    if (fault.count !== undefined && (!Number.isInteger(fault.count) || fault.count < 1))
      throw new Error('ApiFault.count must be a positive integer');
    if (fault.forMs !== undefined && !(fault.forMs > 0)) throw new Error('ApiFault.forMs must be positive');
    this.faults.push({
      ...fault,
      until: fault.forMs === undefined ? undefined : now + fault.forMs,
      left: fault.count,
    });
  }

  clear(): void {
    this.faults = [];
  }

  /** The fault this request meets, if any (counting it against the fault's `count`). */
  take(request: { to?: string; method: string }, now = Date.now()): ApiFault | undefined {
    this.faults = this.faults.filter((f) => (f.until === undefined || now < f.until) && (f.left ?? 1) > 0);
    const fault = this.faults.find(
      (f) => (f.to === undefined || f.to === request.to) && (f.method === undefined || f.method === request.method),
    );
    if (fault?.left !== undefined) fault.left--;
    return fault;
  }
}
