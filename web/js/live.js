// The live push: one SignalR connection to /hubs/live watching one area. It keeps the seq of
// the last change it handed on, because a reconnect is a new connection with no subscriptions:
// subscribing again from that seq makes the server replay what was missed, then go live, with
// no gap and no duplicate. Without a seq to resume from it subscribes afresh and asks the page
// to reload its cases over HTTP (onResync), in that order, so nothing falls between the two.

import { onLangChange, t } from './i18n.js';

/** Subscribe's lastSeq for "no replay": live changes only, the page loads the rest itself. */
const NO_REPLAY = -1;
const RETRY_CAP_MS = 10_000;

/** Retries for ever (a wall map runs all day): at once, then 1, 2, 4, 8, 10, 10 … s. */
const retryForever = {
  nextRetryDelayInMilliseconds: ({ previousRetryCount: n }) => (n === 0 ? 0 : Math.min(RETRY_CAP_MS, 1000 * 2 ** (n - 1))),
};

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
 * onChange({seq, action, case}) for every change in the watched area, in seq order.
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
  #onResync;
  #onState;
  #restartTimer = null;
  #restarts = 0;

  constructor({ onChange, onResync, onState = () => {} }) {
    this.#onChange = onChange;
    this.#onResync = onResync;
    this.#onState = onState;
    this.#connection = new signalR.HubConnectionBuilder()
      .withUrl('/hubs/live')
      .withAutomaticReconnect(retryForever)
      .configureLogging(signalR.LogLevel.Warning)
      .build();
    this.#connection.on('caseChanged', change => this.#receive(change));
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

  /** Watches area ({id, level}) instead of the one watched so far. */
  async watch(area) {
    const previous = this.#area;
    this.#area = area;
    this.#lastSeq = null;
    if (this.#connection.state === signalR.HubConnectionState.Disconnected) return this.#start();
    if (this.#connection.state !== signalR.HubConnectionState.Connected) return undefined; // onreconnected subscribes
    if (previous && previous.id !== area.id) {
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
      this.#onResync();
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

  /** Subscribes to the watched area: from the last seq when there is one, else afresh with a reload. */
  async #subscribe() {
    const area = this.#area;
    if (!area) return;
    if (this.#lastSeq !== null) {
      try {
        await this.#connection.invoke('Subscribe', area.id, this.#lastSeq);
        this.#setState('live');
        return;
      } catch (error) {
        // Too far behind for a replay, or the area is gone: start over from the current state.
        console.warn('live: could not resume, reloading', error);
      }
    }
    try {
      await this.#connection.invoke('Subscribe', area.id, NO_REPLAY);
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
    if (!this.#area || !caseInArea(change.case, this.#area)) return;
    if (this.#lastSeq !== null && change.seq <= this.#lastSeq) return;
    this.#lastSeq = change.seq;
    this.#onChange(change);
  }

  #setState(state) {
    this.#state = state;
    this.#onState(state);
  }
}
