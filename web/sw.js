// The service worker of the field pages: it keeps the app shell (pages, scripts, styles,
// libraries, icons) so that they open without signal. The shell is read from the network first,
// so a new version is used as soon as it can be fetched; the cache answers only when the network
// does not. The API (but its public catalogue) and the live hub are never cached: what waits to be sent is the outbox's
// (js/outbox.js), and what is read must be current or visibly missing.
const CACHE = 'gridmap-shell-4';
const SHELL = [
  '/report.html', '/worker.html', '/dept.html', '/login.html', '/manifest.webmanifest', '/api/case-categories',
  '/css/app.css', '/css/field.css', '/css/login.css',
  '/js/api.js', '/js/auth.js', '/js/cases.js', '/js/dept.js', '/js/field.js', '/js/firstdraw.js', '/js/i18n.js', '/js/live.js',
  '/js/login.js', '/js/map.js', '/js/nav.js', '/js/outbox.js', '/js/pwa.js', '/js/report.js', '/js/staff.js', '/js/territory.js',
  '/js/worker.js', '/js/visits.js',
  '/lib/idb/build/index.js', '/lib/leaflet/dist/leaflet.js', '/lib/leaflet/dist/leaflet.css',
  '/lib/signalr/dist/browser/signalr.min.js',
  '/favicon.svg', '/icons/icon-192.png', '/icons/icon-512.png',
];

self.addEventListener('install', event => {
  event.waitUntil(caches.open(CACHE).then(cache => cache.addAll(SHELL)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', event => {
  event.waitUntil(caches.keys()
    .then(keys => Promise.all(keys.filter(key => key !== CACHE).map(key => caches.delete(key))))
    .then(() => self.clients.claim()));
});

/** The catalogue (categories, statuses) is public and changes with a release: kept like the shell. */
const isShell = url => url.origin === self.location.origin
  && (url.pathname === '/api/case-categories' || (!url.pathname.startsWith('/api/') && !url.pathname.startsWith('/hubs/')));

self.addEventListener('fetch', event => {
  const url = new URL(event.request.url);
  if (event.request.method !== 'GET' || !isShell(url)) return;
  event.respondWith(fetch(event.request).then(response => {
    if (response.ok) {
      const copy = response.clone();
      caches.open(CACHE).then(cache => cache.put(event.request, copy));
    }
    return response;
  }, async () => (await caches.match(event.request, { ignoreSearch: true })) ?? Response.error()));
});
