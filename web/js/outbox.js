// The outbox of a phone in the field: writes (reports, moves, visits …) wait in IndexedDB and go out
// in the order they were made, now or when the connection returns. Each write carries an
// Idempotency-Key made when it was queued, so sending it again after an answer was lost (the
// signal dropped mid-request) is answered with the first answer instead of making a second case,
// move or visit.
import { openDB } from '../lib/idb/build/index.js';
import { goToSignIn } from './auth.js';
import { HttpError, postFile, sendJson } from './api.js';

const DATABASE = 'gridmap-outbox';
const STORE = 'writes';
/** How often waiting writes are tried again while the browser thinks it is online. */
const RETRY_MS = 30_000;
/** Written in a step's path where the id of what an earlier step made (a case, a visit) goes once it is made. */
export const MADE_ID = '{madeId}';
/** What writes queued by the pages before MADE_ID wrote for it, and named the step that made it. */
const OLD_MADE_ID = '{caseId}';

/**
 * A queued write: { key, madeAt, kind, caseId, label, steps, done, madeIdFrom, madeId, failed }.
 * caseId: the case a move is about. steps: { method, path, body } (JSON) or { path, file } (one
 * photo), sent in order, each with the key `${key}.${i}`; done counts those answered. madeIdFrom
 * (a step index): that step's answer is what the write made (a case, a visit), whose id (madeId)
 * fills MADE_ID in the later steps' paths. failed: the server's refusal, kept for the user to see
 * and discard. key may be given, when a step's body carries it too (a visit's clientKey).
 */
export class Outbox {
  #db;
  #flushing = null;
  #again = false;
  #listeners = [];
  #onSent;

  /** onSent(write, answers): a write went out completely; answers[i] is step i's answer. */
  constructor({ onSent = () => {} } = {}) {
    this.#onSent = onSent;
    this.#db = openDB(DATABASE, 1, {
      upgrade: db => db.createObjectStore(STORE, { keyPath: 'key' }).createIndex('madeAt', 'madeAt'),
    });
    addEventListener('online', () => this.flush());
    setInterval(() => { if (navigator.onLine) this.flush(); }, RETRY_MS);
  }

  /** Calls listener(writes) now and whenever the waiting writes change. */
  onChange(listener) {
    this.#listeners.push(listener);
    this.list().then(listener);
  }

  /** The waiting writes, oldest first. */
  async list() {
    return (await this.#db).getAllFromIndex(STORE, 'madeAt');
  }

  /** Queues a write ({ key?, kind, caseId, label, steps, madeIdFrom }) and tries to send it at once. */
  async add(write) {
    const queued = { key: crypto.randomUUID(), caseId: null, madeIdFrom: null, madeId: null, ...write, madeAt: Date.now(), done: 0, answers: [], failed: null };
    await (await this.#db).put(STORE, queued);
    await this.#changed();
    this.flush();
    return queued;
  }

  /** Drops a write the server refused (the user has read why). */
  async discard(key) {
    await (await this.#db).delete(STORE, key);
    await this.#changed();
  }

  /**
   * Sends what waits, oldest first; resolves when done or when the connection fails again. Asked
   * while sending, it goes through the outbox once more afterwards, for what was queued meanwhile.
   */
  flush() {
    if (this.#flushing) {
      this.#again = true;
      return this.#flushing;
    }
    this.#flushing = this.#sendAll().finally(() => {
      this.#flushing = null;
      if (this.#again) {
        this.#again = false;
        this.flush();
      }
    });
    return this.#flushing;
  }

  async #sendAll() {
    for (const write of await this.list()) {
      if (write.failed) continue;
      const outcome = await this.#send(write);
      if (outcome === 'wait') return;
    }
  }

  /** 'sent', 'failed' (refused, kept for the user) or 'wait' (no connection: try again later). */
  async #send(write) {
    const db = await this.#db;
    while (write.done < write.steps.length) {
      const i = write.done;
      const step = write.steps[i];
      const old = write.caseIdFrom !== undefined; // queued by a page before MADE_ID
      const path = step.path.replace(old ? OLD_MADE_ID : MADE_ID, String(old ? write.caseId : write.madeId));
      const options = { idempotencyKey: `${write.key}.${i}` };
      let answer;
      try {
        answer = step.file ? await postFile(path, step.file, options) : await sendJson(step.method, path, step.body, options);
      } catch (error) {
        if (!(error instanceof HttpError) || isRetryable(error)) return 'wait';
        if (error.status === 401) {
          goToSignIn(); // the writes stay in IndexedDB for when the user is back
          return 'wait';
        }
        write.failed = { status: error.status, problem: error.problem };
        await db.put(STORE, write);
        await this.#changed();
        return 'failed';
      }
      write.answers[i] = answer;
      if (write.madeIdFrom === i) write.madeId = answer.id;
      if (old && write.caseIdFrom === i) write.caseId = answer.id;
      write.done = i + 1;
      await db.put(STORE, write);
    }
    await db.delete(STORE, write.key);
    await this.#changed();
    this.#onSent(write, write.answers);
    return 'sent';
  }

  async #changed() {
    const writes = await this.list();
    for (const listener of this.#listeners) listener(writes);
  }
}

/**
 * Worth sending again later: the server is down or busy (5xx, 429), or the same key is still being
 * answered (409 without the case's current version or status, which mean a real conflict).
 */
const isRetryable = error =>
  error.status >= 500 || error.status === 429 || error.status === 408
  || (error.status === 409 && error.problem?.currentVersion === undefined && error.problem?.currentStatus === undefined);
