// The live push: one SignalR connection to /hubs/live watching one area, or the signed-in user's
// own cases (MINE: a resident's reports, a grid worker's tasks and patrol reports, a department's
// summonses). It keeps the seq of the last change it handed on, because a reconnect is a new
// connection with no subscriptions: subscribing again from that seq makes the server replay what
// was missed, then go live, with no gap and no duplicate. Without a seq to resume from it subscribes afresh and asks the page
// to reload its cases over HTTP (onResync), in that order, so nothing falls between the two.

import { onLangChange, t } from './i18n.js';

/** Subscribe's lastSeq for "no replay": live changes only, the page loads the rest itself. */
const NO_REPLAY = -1;
const RETRY_CAP_MS = 10_000;

/** Retries for ever (a wall map runs all day): at once, then 1, 2, 4, 8, 10, 10 … s. */
const retryForever = {
  nextRetryDelayInMilliseconds: ({ previousRetryCount: n }) => (n === 0 ? 0 : Math.min(RETRY_CAP_MS, 1000 * 2 ** (n - 1))),
};

/** What watch() takes to follow the user's own cases (the hub's SubscribeMine) instead of an area. */
export const MINE = Object.freeze({ level: 'own' });

/** Whether a case snapshot lies in area ({id}): a snapshot names every area it lies in. */
export const caseInArea = (c, area) => [c.gridId, c.communityId, c.streetId, c.districtId].includes(area.id);

/** An indicator (element) that shows the feed's state: live, reconnecting, offline. */
export function liveIndicator(element) {
  const show = () => { element.textContent = t(`live.${element.dataset.state}`); };
  onLangChange(show);
  show();
  return state => {
    element.dataset.state = state;
    show();
  };
}

/**
 * onChange({seq, action, case}) for every change in the watched area, in seq order; watching
 * MINE, onLeft({seq, id}) when a case stops being the user's own (a task taken back), in the same order.
 * onResync() when the page must (re)load the area's cases over HTTP: after a fresh
 * subscription, and after each failed attempt to reach the hub (the page then works without push).
 * onState('connecting' | 'live' | 'reconnecting' | 'offline').
 */
export class LiveFeed {
  #connection;
  #area = null;
  #lastSeq = null;
  #state = 'connecting';
  #onChange;
  #onLeft;
  #onResync;
  #onState;
  #restartTimer = null;
  #restarts = 0;

  constructor({ onChange, onLeft = () => {}, onResync, onState = () => {} }) {
    this.#onChange = onChange;
    this.#onLeft = onLeft;
    this.#onResync = onResync;
    this.#onState = onState;
    this.#connection = new signalR.HubConnectionBuilder()
      .withUrl('/hubs/live')
      .withAutomaticReconnect(retryForever)
      .configureLogging(signalR.LogLevel.Warning)
      .build();
    this.#connection.on('caseChanged', change => this.#receive(change));
    this.#connection.on('caseLeft', left => this.#receiveLeft(left));
    this.#connection.onreconnecting(() => this.#setState('reconnecting'));
    this.#connection.onreconnected(() => this.#subscribe());
    // Only a failed first start or a stop ends here: automatic reconnect never gives up.
    this.#connection.onclose(() => this.#restartLater());
  }

  /** handler(payload) for another message the hub sends on this connection (e.g. staffMoved). */
  on(method, handler) {
    this.#connection.on(method, handler);
  }

  get state() { return this.#state; }
  get lastSeq() { return this.#lastSeq; }
  get connectionId() { return this.#connection.connectionId; }

  /**
   * Connects to the hub without watching anything yet, so that the connection is made while the
   * page reads what it needs to choose an area; watch() subscribes (the start under way does, once up).
   */
  connect() {
    if (this.#connection.state === signalR.HubConnectionState.Disconnected) this.#start();
  }

  /**
   * Watches area ({id, level}), or MINE, instead of what was watched so far. The area watched
   * already (the subscription made, or under way) is kept as it is: its changes keep coming.
   */
  async watch(area) {
    const previous = this.#area;
    if (previous && previous !== MINE && area !== MINE && previous.id === area.id) return undefined;
    this.#area = area;
    this.#lastSeq = null;
    if (this.#connection.state === signalR.HubConnectionState.Disconnected) return this.#start();
    if (this.#connection.state !== signalR.HubConnectionState.Connected) return undefined; // the start or reconnect under way subscribes
    if (previous && previous !== MINE && previous.id !== area.id) {
      try { await this.#connection.invoke('Unsubscribe', previous.id); } catch (error) { console.warn('live: unsubscribe failed', error); }
    }
    return this.#subscribe();
  }

  async #start() {
    clearTimeout(this.#restartTimer);
    this.#setState('connecting');
    try {
      await this.#connection.start();
    } catch (error) {
      // Each failed attempt reloads over HTTP: while the push is down the page polls slowly
      // (every 10 s at most), so a wall map left alone still moves.
      console.warn('live: the hub cannot be reached; reloading over HTTP instead', error);
      this.#setState('offline');
      if (this.#area) this.#onResync(); // connect() before any watch: nothing to load yet
      this.#restartLater();
      return;
    }
    this.#restarts = 0;
    await this.#subscribe();
  }

  #restartLater() {
    if (this.#connection.state !== signalR.HubConnectionState.Disconnected) return;
    this.#setState('offline');
    clearTimeout(this.#restartTimer);
    const delay = retryForever.nextRetryDelayInMilliseconds({ previousRetryCount: ++this.#restarts });
    this.#restartTimer = setTimeout(() => this.#start(), delay);
  }

  #invokeSubscribe(area, lastSeq) {
    return area === MINE ? this.#connection.invoke('SubscribeMine', lastSeq) : this.#connection.invoke('Subscribe', area.id, lastSeq);
  }

  /** Subscribes to the watched area: from the last seq when there is one, else afresh with a reload. */
  async #subscribe() {
    const area = this.#area;
    if (!area) return;
    if (this.#lastSeq !== null) {
      try {
        await this.#invokeSubscribe(area, this.#lastSeq);
        this.#setState('live');
        return;
      } catch (error) {
        // Too far behind for a replay, or the area is gone: start over from the current state.
        console.warn('live: could not resume, reloading', error);
      }
    }
    try {
      await this.#invokeSubscribe(area, NO_REPLAY);
    } catch (error) {
      console.warn('live: subscribe failed', error);
      this.#setState('offline');
      this.#onResync();
      return;
    }
    if (area !== this.#area) return; // another area was chosen meanwhile; its watch() resyncs
    this.#setState('live');
    this.#onResync();
  }

  #receive(change) {
    // Changes of an area just left may still be on their way.
    if (!this.#area || (this.#area !== MINE && !caseInArea(change.case, this.#area))) return;
    if (!this.#isNew(change.seq)) return;
    this.#onChange(change);
  }

  #receiveLeft(left) {
    if (this.#area === MINE && this.#isNew(left.seq)) this.#onLeft(left);
  }

  /** Whether a message is newer than the last handed on; it then becomes the last. */
  #isNew(seq) {
    if (this.#lastSeq !== null && seq <= this.#lastSeq) return false;
    this.#lastSeq = seq;
    return true;
  }

  #setState(state) {
    this.#state = state;
    this.#onState(state);
  }
}

/**
 * Cases by id as a page shows them, kept current by live changes (take, drop) and by reads over
 * HTTP (reload). A read answers what was stored when it ran, and a live change that arrives while
 * it is on its way may be newer: those changes are applied again once the read is in, so that
 * nothing the push said is lost. onUpdate() after every change.
 */
export class CaseKeeper {
  #cases = new Map();
  /** The changes heard during each read still on its way. */
  #reads = new Set();
  #onUpdate;

  constructor(onUpdate) { this.#onUpdate = onUpdate; }

  get values() { return [...this.#cases.values()]; }
  has(id) { return this.#cases.has(id); }

  /** Keeps the cases, each unless a newer version is already kept. */
  take(cases) {
    this.#take(cases);
    for (const heard of this.#reads) heard.push(() => this.#take(cases));
    this.#onUpdate();
  }

  drop(id) {
    this.#cases.delete(id);
    for (const heard of this.#reads) heard.push(() => this.#cases.delete(id));
    this.#onUpdate();
  }

  /** Replaces the cases with those read(), then applies again what was heard meanwhile; throws what read() throws. */
  async reload(read) {
    const heard = [];
    this.#reads.add(heard);
    let cases;
    try {
      cases = await read();
    } finally {
      this.#reads.delete(heard);
    }
    this.#cases = new Map();
    this.#take(cases);
    for (const again of heard) again();
    this.#onUpdate();
  }

  #take(cases) {
    for (const c of cases) if (!this.#cases.has(c.id) || this.#cases.get(c.id).version <= c.version) this.#cases.set(c.id, c);
  }
}
