// Groundwork's service worker, served at /sw.js (lms/offline_views.py puts its settings in
// self.GROUNDWORK_OFFLINE above this file). What it does, and no more:
// - keeps the static files every page needs, and a page to show for anything not kept
//   (network first: the copies are for when the network fails);
// - keeps the lessons of the module the learner is working on (asked by static/js/offline.js),
//   for the person signed in only, and forgets them on sign-out or when someone else signs in;
// - pages: network first, the kept copy only when the network fails. It keeps GET responses
//   under config.keep only: never a POST's response, never a team, admin or account page.
"use strict";

var config = self.GROUNDWORK_OFFLINE;
var ASSETS = "groundwork-assets-" + config.version;
var PAGES = "groundwork-pages";
var OWNER = "/offline/owner"; // a stored note of whose pages PAGES holds (never a real URL served)

// One change to the kept pages at a time, in the order asked.
var work = Promise.resolve();
function serially(task) {
    work = work.then(task, task);
    return work;
}

function isKept(url) {
    return config.keep.some(function (prefix) { return url.pathname.indexOf(prefix) === 0; });
}

function worthKeeping(response) {
    return response && response.ok && !response.redirected && response.type === "basic" &&
        !/no-store/.test(response.headers.get("Cache-Control") || "");
}

// The same-origin images a kept page shows (lesson figures under MEDIA_URL).
function imagesIn(html, base) {
    var found = [];
    var pattern = /<img\b[^>]*\ssrc="([^"]+)"/g;
    var match;
    while ((match = pattern.exec(html)) !== null) {
        var url = new URL(match[1].replace(/&amp;/g, "&"), base);
        if (url.origin === self.location.origin && url.pathname.indexOf(config.media) === 0) { found.push(url.href); }
    }
    return found;
}

// Put a page (and its images) in the cache unless it shows a one-time message ("… is marked
// as done"), which would be stale when read offline: the copy kept before stays. Resolves to
// the URLs it kept.
function keepPage(cache, url, response) {
    if (!worthKeeping(response)) { return Promise.resolve([]); }
    return response.clone().text().then(function (html) {
        if (html.indexOf('class="message message--') !== -1) { return [url]; }
        var images = imagesIn(html, url);
        return cache.put(url, response).then(function () {
            return Promise.all(images.map(function (image) {
                return fetch(image).then(function (picture) {
                    return worthKeeping(picture) ? cache.put(image, picture) : null;
                }).catch(function () { return null; });
            }));
        }).then(function () { return [url].concat(images); });
    });
}

function forgetPages() {
    return caches.delete(PAGES);
}

// Someone else (or nobody) is signed in now: the pages kept for the last person go.
function checkOwner(user) {
    return caches.open(PAGES).then(function (cache) {
        return cache.match(OWNER).then(function (stored) {
            return stored ? stored.text() : null;
        }).then(function (owner) {
            if (owner === user) { return null; }
            return forgetPages().then(function () {
                if (!user) { return null; }
                return caches.open(PAGES).then(function (fresh) { return fresh.put(OWNER, new Response(user)); });
            });
        });
    });
}

function isFresh(response) {
    var date = Date.parse(response.headers.get("Date") || "");
    return date && Date.now() - date < 60 * 60 * 1000;
}

// Fetch one page to keep. The header asks the page not to show (and so use up) a message
// meant for the page the learner is looking at.
function fetchToKeep(cache, url) {
    var options = { credentials: "same-origin", headers: { "X-Groundwork-Keep": "1" } };
    return fetch(url, options).then(function (page) {
        return keepPage(cache, url, page);
    }).catch(function () { return [url]; }); // not fetched now: an older copy may stay
}

function dropAllBut(cache, keep) {
    return cache.keys().then(function (requests) {
        return Promise.all(requests.map(function (request) {
            var wanted = keep.indexOf(request.url) !== -1 || new URL(request.url).pathname === OWNER;
            return wanted ? null : cache.delete(request);
        }));
    });
}

// Keep the module's pages listed at listUrl (lms.offline_views.module_lessons); drop the rest.
function keepModule(listUrl) {
    return caches.open(PAGES).then(function (cache) {
        return cache.match(listUrl).then(function (kept) {
            if (kept && isFresh(kept)) { return null; } // this module was kept within the hour
            return fetch(listUrl, { credentials: "same-origin", cache: "no-store" }).then(function (response) {
                if (!response.ok || response.redirected) { return null; }
                return response.clone().json().then(function (list) {
                    var pages = [list.module].concat(list.lessons).map(function (page) {
                        return new URL(page.url, self.location.href);
                    }).filter(isKept);
                    return Promise.all(pages.map(function (url) { return fetchToKeep(cache, url.href); }));
                }).then(function (keptUrls) {
                    return dropAllBut(cache, [].concat.apply([], keptUrls));
                }).then(function () { return cache.put(listUrl, response); });
            });
        });
    }).catch(function () { return null; });
}

self.addEventListener("install", function (event) {
    var offline = new Request(config.offlinePage, { credentials: "omit" });
    event.waitUntil(caches.open(ASSETS).then(function (cache) {
        return cache.addAll(config.assets.concat([offline]));
    }).then(function () { return self.skipWaiting(); }));
});

self.addEventListener("activate", function (event) {
    event.waitUntil(caches.keys().then(function (names) {
        return Promise.all(names.filter(function (name) {
            return name.indexOf("groundwork-assets-") === 0 && name !== ASSETS;
        }).map(function (name) { return caches.delete(name); }));
    }).then(function () { return self.clients.claim(); }));
});

self.addEventListener("message", function (event) {
    var data = event.data || {};
    if (data.type === "page" && typeof data.user === "string") {
        event.waitUntil(serially(function () {
            return checkOwner(data.user).then(function () {
                return data.user && data.keep ? keepModule(new URL(data.keep, self.location.href).href) : null;
            });
        }));
    } else if (data.type === "forget") {
        event.waitUntil(serially(forgetPages));
    }
});

function fromNetworkFirst(event, url) {
    return fetch(event.request).then(function (response) {
        if (isKept(url) && worthKeeping(response)) {
            // Refresh a page already kept; the list of what to keep comes from keepModule alone.
            var copy = response.clone();
            event.waitUntil(serially(function () {
                return caches.open(PAGES).then(function (cache) {
                    return cache.match(url.href).then(function (kept) { return kept ? keepPage(cache, url.href, copy) : null; });
                });
            }));
        }
        return response;
    }).catch(function () {
        return caches.match(url.href, { cacheName: PAGES }).then(function (kept) {
            return kept || caches.match(config.offlinePage, { cacheName: ASSETS });
        }).then(function (answer) {
            return answer || Response.error();
        });
    });
}

self.addEventListener("fetch", function (event) {
    var request = event.request;
    var url = new URL(request.url);
    if (url.origin !== self.location.origin) { return; }
    if (request.method !== "GET") {
        // Signing out: forget the kept pages; the request itself goes on to the server untouched.
        if (config.signOut.indexOf(url.pathname) !== -1) { event.waitUntil(serially(forgetPages)); }
        return;
    }
    if (url.pathname.indexOf(config.media) === 0) {
        // A kept lesson's images, when the network fails.
        event.respondWith(fetch(request).catch(function () {
            return caches.match(url.href, { cacheName: PAGES }).then(function (kept) { return kept || Response.error(); });
        }));
    } else if (url.pathname.indexOf(config.staticPrefix) === 0) {
        // Network first here too, so a changed file is never hidden behind an old copy.
        event.respondWith(fetch(request).catch(function () {
            return caches.match(request, { cacheName: ASSETS }).then(function (kept) { return kept || Response.error(); });
        }));
    } else if (request.mode === "navigate") {
        event.respondWith(fromNetworkFirst(event, url));
    }
});
