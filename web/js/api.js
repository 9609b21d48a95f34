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
  const url = new URL(path, location.origin);
  for (const [name, value] of Object.entries(params)) {
    if (value !== null && value !== undefined) url.searchParams.set(name, value);
  }
  const response = await fetch(url, { headers: { Accept: 'application/json' } });
  // The sign-in has expired (tokens are short-lived): sign in again and come back.
  if (response.status === 401) goToSignIn();
  if (!response.ok) throw new HttpError(response.status, url.pathname);
  return response.json();
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
export async function postJson(path, body) {
  const url = new URL(path, location.origin);
  const response = await fetch(url, {
    method: 'POST',
    headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new HttpError(response.status, url.pathname, await problemOf(response));
  return response.json();
}

/** Leaflet bounds as the API's bbox=minLon,minLat,maxLon,maxLat. */
export const bboxParam = bounds =>
  [bounds.getWest(), bounds.getSouth(), bounds.getEast(), bounds.getNorth()].map(n => n.toFixed(6)).join(',');

