// The field pages install as an app (manifest.webmanifest) whose shell a service worker (sw.js)
// keeps, so that a phone without signal still opens them.

/** Registers the service worker; a browser without one (or refusing it) just works online. */
export function registerServiceWorker() {
  if (!('serviceWorker' in navigator)) return;
  navigator.serviceWorker.register('/sw.js').catch(error => console.warn('pwa: no service worker', error));
}
