/*
 * The service worker: the app shell works offline, and so do the catalog pages last seen.
 * - navigations: network first, else the cached index.html (every route is the same SPA);
 * - /assets/* (hashed names, never change): cache first;
 * - /config.json and GET of the catalog (/v1/products…): network first, else the last answer;
 * - everything else (cart, orders, checkout, auth): network only, so nothing private is cached
 *   and checkout cannot pretend to work offline.
 */
const SHELL = "shop-shell-v1";
const CATALOG = "shop-catalog-v1";
const CATALOG_ENTRIES = 40;
const OFFLINE_COPY_HEADER = "X-Shop-Offline-Copy"; // read by web/src/ui/online.ts

self.addEventListener("install", (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(SHELL);
      const index = await fetch("/index.html", { cache: "no-cache" });
      const html = await index.clone().text();
      const assets = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((match) => match[1]);
      await cache.put("/index.html", index);
      await cache.addAll(["/manifest.webmanifest", "/icon.svg", ...assets]);
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) if (name !== SHELL && name !== CATALOG) await caches.delete(name);
      await self.clients.claim();
    })(),
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (request.mode === "navigate") event.respondWith(networkFirst(request, SHELL, "/index.html"));
  else if (url.origin === location.origin && url.pathname.startsWith("/assets/")) event.respondWith(cacheFirst(request));
  else if (url.origin === location.origin && url.pathname === "/config.json") event.respondWith(networkFirst(request, SHELL));
  else if (/\/v1\/products(\/|$|\?)/.test(url.pathname + url.search) && !request.headers.has("Authorization"))
    event.respondWith(networkFirst(request, CATALOG));
});

async function cacheFirst(request) {
  const cached = await caches.match(request);
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok) (await caches.open(SHELL)).put(request, response.clone());
  return response;
}

async function networkFirst(request, cacheName, fallbackKey) {
  const cache = await caches.open(cacheName);
  try {
    const response = await fetch(request);
    if (response.ok && !fallbackKey) {
      await cache.put(request, response.clone());
      if (cacheName === CATALOG) await trim(cache);
    }
    return response;
  } catch (error) {
    const cached = await cache.match(fallbackKey ?? request);
    if (cached) return markedAsCopy(cached);
    throw error;
  }
}

/** Tell the page this answer is a kept copy: the network is gone (navigator.onLine is not reliable). */
function markedAsCopy(response) {
  const headers = new Headers(response.headers);
  headers.set(OFFLINE_COPY_HEADER, "1");
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}

/** Keep the catalog cache to the most recent pages. */
async function trim(cache) {
  const keys = await cache.keys();
  for (const key of keys.slice(0, Math.max(0, keys.length - CATALOG_ENTRIES))) await cache.delete(key);
}
