// The server's JSON API, seen from the browser.
import { goToSignIn } from './auth.js';

export class HttpError extends Error {
  /** problem: the RFC 7807 body the server sent with the error, when it sent one. */
  constructor(status, url, problem = null) {
    super(problem?.detail ?? `${status} from ${url}`);
    this.status = status;
    this.problem = problem;
  }
}

async function problemOf(response) {
  try { return await response.json(); } catch { return null; }
}

/** GET path with the given query parameters (null ones left out); throws HttpError unless 2xx. */
export async function getJson(path, params = {}) {
  return (await getOk(path, params)).json();
}

/**
 * A page of a JSON array that pages by its Link header (RFC 8288), as GET /api/summons does:
 * { items, next }, next the link to the following page (for getJsonPage), null at the end.
 */
export async function getJsonPage(path, params = {}) {
  const response = await getOk(path, params);
  const next = /<([^>]*)>\s*;\s*rel="?next"?/.exec(response.headers.get('Link') ?? '')?.[1] ?? null;
  return { items: await response.json(), next };
}

async function getOk(path, params) {
  const url = new URL(path, location.origin);
  for (const [name, value] of Object.entries(params)) {
    if (value !== null && value !== undefined) url.searchParams.set(name, value);
  }
  const response = await fetch(url, { headers: { Accept: 'application/json' } });
  // The sign-in has expired (tokens are short-lived): sign in again and come back.
  if (response.status === 401) goToSignIn();
  if (!response.ok) throw new HttpError(response.status, url.pathname);
  return response;
}

/**
 * How many features of an OGC collection (in bbox) the user sees: numberMatched of a page of none
 * (limit 0), so that no feature, and no household's name, is sent only to be counted. Asked
 * before a list that may be too long to draw: a city's first page is a large answer to parse only
 * to learn that the layer must come from tiles.
 */
export async function countFeatures(collection, bbox = null) {
  return (await getJson(`/ogc/collections/${collection}/items`, { bbox, limit: 0 })).numberMatched;
}

/** Features per page when a whole list is read: a tenth of the server's maximum, so no one answer grows large. */
const PAGE_SIZE = 1000;

/**
 * A GeoJSON list read to its end: GET path with the given query parameters, then each page's
 * `next` link in turn; one FeatureCollection of every feature, in the list's order.
 */
export async function getAllFeatures(path, params = {}) {
  const features = [];
  let page = await getJson(path, { limit: PAGE_SIZE, ...params });
  features.push(...page.features);
  for (let next = nextLink(page); next; next = nextLink(page)) {
    page = await getJson(next);
    features.push(...page.features);
  }
  return { type: 'FeatureCollection', features };
}

const nextLink = collection => collection.links?.find(link => link.rel === 'next')?.href;

/** POST body as JSON; the JSON answer, or HttpError carrying the server's ProblemDetails. */
export const postJson = (path, body, options = {}) => sendJson('POST', path, body, options);

/**
 * A write: method with body as JSON (none when undefined). idempotencyKey, when given, goes as
 * the Idempotency-Key header, so that sending the same write again (a retry after a lost answer)
 * is answered with the first answer instead of acting twice. The JSON answer (null when it has
 * no body), or HttpError carrying the server's ProblemDetails.
 */
export async function sendJson(method, path, body, { idempotencyKey = null } = {}) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  return send(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) }, idempotencyKey);
}

/**
 * POSTs one file as multipart field `file` (a photo of a case); the JSON answer, or HttpError.
 * The body is written here rather than by FormData, whose boundary is new on every send: with an
 * idempotencyKey a retry must send the very same bytes, or the server takes it for another request.
 */
export async function postFile(path, file, { idempotencyKey = null } = {}) {
  const boundary = `gridmap-${(idempotencyKey ?? crypto.randomUUID()).replace(/[^A-Za-z0-9]/g, '')}`;
  const type = file.type || 'application/octet-stream';
  const name = `photo.${type.split('/')[1]?.replace(/[^a-z0-9]/g, '') || 'bin'}`;
  const body = new Blob([
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: ${type}\r\n\r\n`,
    file,
    `\r\n--${boundary}--\r\n`,
  ]);
  const headers = { Accept: 'application/json', 'Content-Type': `multipart/form-data; boundary=${boundary}` };
  return send(path, { method: 'POST', headers, body }, idempotencyKey);
}

async function send(path, init, idempotencyKey) {
  const url = new URL(path, location.origin);
  if (idempotencyKey) init.headers['Idempotency-Key'] = idempotencyKey;
  const response = await fetch(url, init);
  if (!response.ok) throw new HttpError(response.status, url.pathname, await problemOf(response));
  const text = await response.text();
  return text ? JSON.parse(text) : null;
}

/** Leaflet bounds as the API's bbox=minLon,minLat,maxLon,maxLat. */
export const bboxParam = bounds =>
  [bounds.getWest(), bounds.getSouth(), bounds.getEast(), bounds.getNorth()].map(n => n.toFixed(6)).join(',');

