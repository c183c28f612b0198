// Pactly's service worker: keeps the app shell (HTML, scripts, styles, icons) for offline starts. API responses are
// never cached: they are personal, and stale data would mislead more than an offline notice.
const CACHE = "pactly-shell-v2";
const SHELL = ["/", "/index.html", "/manifest.webmanifest", "/icon.svg", "/icon-192.png", "/icon-512.png"];

/** Every script and style of the build (each page is its own chunk), from Vite's manifest; none if it is missing. */
const builtAssets = () =>
  fetch("/.vite/manifest.json")
    .then((response) => (response.ok ? response.json() : {}))
    .then((manifest) => [
      ...new Set(Object.values(manifest).flatMap((chunk) => [chunk.file, ...(chunk.css ?? [])].map((f) => `/${f}`))),
    ])
    .catch(() => []);

self.addEventListener("install", (event) => {
  // The pages' chunks too, so a page never opened before still opens offline.
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => builtAssets().then((assets) => cache.addAll([...SHELL, ...assets])))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) =>
        Promise.all(keys.filter((k) => k.startsWith("pactly-shell-") && k !== CACHE).map((k) => caches.delete(k))),
      )
      .then(() => self.clients.claim()),
  );
});

const isApi = (url) =>
  url.pathname.startsWith("/v1/") ||
  url.pathname.startsWith("/dev/") ||
  url.pathname === "/openapi.json" ||
  url.pathname === "/docs";

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || isApi(url)) return;

  if (request.mode === "navigate") {
    // Pages: the network first so a new release shows at once; the cached shell when offline.
    event.respondWith(
      fetch(request)
        .then((response) => {
          if (response.ok) {
            const copy = response.clone();
            caches.open(CACHE).then((cache) => cache.put("/index.html", copy));
          }
          return response;
        })
        .catch(() => caches.match("/index.html").then((cached) => cached ?? Response.error())),
    );
    return;
  }

  if (url.pathname.startsWith("/assets/")) {
    // Hashed build files never change under the same name: the cache first, filled on first use.
    event.respondWith(
      // ignoreVary: the API's CORS layer marks every answer "Vary: Origin", and a module script is asked for with an
      // Origin header that the precaching request did not send.
      caches.match(request, { ignoreVary: true }).then(
        (cached) =>
          cached ??
          fetch(request).then((response) => {
            if (response.ok) {
              const copy = response.clone();
              caches.open(CACHE).then((cache) => cache.put(request, copy));
            }
            return response;
          }),
      ),
    );
    return;
  }

  event.respondWith(caches.match(request).then((cached) => cached ?? fetch(request)));
});

// Web push: reminders and session changes, shown even when no page of the app is open. The payload is JSON
// { title, body, url, tag }, encrypted for this device by the server.
self.addEventListener("push", (event) => {
  const message = (() => {
    try {
      return event.data ? event.data.json() : {};
    } catch {
      return {};
    }
  })();
  event.waitUntil(
    self.registration.showNotification(message.title || "Pactly", {
      body: message.body || "",
      tag: message.tag,
      icon: "/icon-192.png",
      data: { url: typeof message.url === "string" ? message.url : "/" },
    }),
  );
});

self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  const target = new URL(event.notification.data?.url || "/", self.location.origin);
  // Only our own pages open from a notification.
  const url = target.origin === self.location.origin ? target.href : self.location.origin;
  event.waitUntil(
    self.clients.matchAll({ type: "window", includeUncontrolled: true }).then((windows) => {
      const open = windows.find((w) => w.url === url);
      return open ? open.focus() : self.clients.openWindow(url);
    }),
  );
});
