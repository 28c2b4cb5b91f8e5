// Readable offline. Progressive enhancement only: without this file every page works as before.
// - Registers the service worker (static/js/sw.js, served at /sw.js) and asks it to keep the
//   lessons of the module the learner has open.
// - Says in words, at the top of the page, when the learner is offline and when what they did
//   offline has been sent (a status region: screen readers announce it).
// - "Mark as done" offline, and quiz answers that could not be saved, wait in a queue on this
//   device (localStorage) and are sent when the connection is back, with a fresh CSRF token.
//   The server records each once however often it is sent (both are idempotent).
(function () {
    "use strict";
    var script = document.querySelector("script[data-offline]");
    if (!script) { return; }
    var user = script.getAttribute("data-user"); // null on the offline page, "" when signed out
    var QUEUE = "groundwork:offline-queue";
    var sending = false;

    function readQueue() {
        try { return JSON.parse(localStorage.getItem(QUEUE) || "[]"); } catch (e) { return []; }
    }
    function writeQueue(items) {
        try { localStorage.setItem(QUEUE, JSON.stringify(items)); } catch (e) { /* storage may be off */ }
    }
    function mine(entry) { return !!user && entry.user === user; }
    function waiting() { return readQueue().filter(mine); }

    // The banner ---------------------------------------------------------------------------
    var region = document.querySelector("[data-offline-status]");
    function say(textKey, extra) {
        if (!region) { return; }
        region.textContent = "";
        if (!textKey) { return; }
        var banner = document.createElement("div");
        banner.className = "offline-banner";
        var line = document.createElement("p");
        line.textContent = region.getAttribute(textKey);
        banner.appendChild(line);
        if (extra) { banner.appendChild(extra); }
        region.appendChild(banner);
    }
    function waitingList() {
        var items = waiting();
        if (!items.length || !region) { return null; }
        var box = document.createElement("div");
        box.textContent = region.getAttribute("data-queued-text");
        var list = document.createElement("ul");
        list.className = "offline-banner__list";
        items.forEach(function (entry) {
            var item = document.createElement("li");
            item.textContent = entry.label;
            list.appendChild(item);
        });
        box.appendChild(list);
        return box;
    }
    function showOffline() { say("data-offline-text", waitingList()); }
    function signInLink() {
        var link = document.createElement("a");
        link.href = "/accounts/login/?next=" + encodeURIComponent(location.pathname);
        link.textContent = "Sign in";
        return link;
    }

    // The queue ----------------------------------------------------------------------------
    function fieldsOf(form) {
        var fields = [];
        new FormData(form).forEach(function (value, name) {
            if (name !== "csrfmiddlewaretoken") { fields.push([name, String(value)]); }
        });
        return fields;
    }
    // entry: {url, fields, label, key (a later entry with the same key replaces it), headers, forget}
    function enqueue(entry) {
        if (!user) { return false; }
        entry.user = user;
        entry.key = entry.key || entry.url;
        var items = readQueue().filter(function (other) { return !(other.user === user && other.key === entry.key); });
        items.push(entry);
        writeQueue(items);
        if (!navigator.onLine) { showOffline(); }
        return true;
    }
    function removeEntry(entry) {
        writeQueue(readQueue().filter(function (other) { return !(other.user === entry.user && other.key === entry.key); }));
        if (entry.forget) {
            try { localStorage.removeItem(entry.forget); } catch (e) { /* storage may be off */ }
        }
    }
    // Read the token fresh when sending: a page kept offline may carry one from an older session.
    function csrfToken() {
        var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
        if (match) { return decodeURIComponent(match[1]); }
        var input = document.querySelector("input[name=csrfmiddlewaretoken]");
        return input ? input.value : "";
    }
    function send(entry) {
        var body = new FormData();
        var token = csrfToken();
        entry.fields.forEach(function (field) { body.append(field[0], field[1]); });
        body.append("csrfmiddlewaretoken", token);
        var headers = Object.assign({ "X-CSRFToken": token }, entry.headers || {});
        return fetch(entry.url, { method: "POST", body: body, credentials: "same-origin", headers: headers })
            .then(function (response) {
                if ((response.redirected && /\/accounts\/login\//.test(response.url)) || response.status === 401) {
                    return "signed-out";
                }
                if (response.ok) { return "sent"; }
                // Refused for good (the lesson is gone, the attempt is submitted): drop it.
                if (response.status === 404 || response.status === 409 || response.status === 400) { return "refused"; }
                return "later"; // a server error, or a stale token: try again on the next page
            }, function () { return "later"; });
    }
    function sendAll() {
        if (sending || !navigator.onLine || !waiting().length) { return Promise.resolve(); }
        sending = true;
        say("data-sending-text");
        var outcome = "sent";
        var refused = 0;
        var chain = Promise.resolve();
        waiting().forEach(function (entry) {
            chain = chain.then(function () {
                if (outcome !== "sent") { return null; }
                return send(entry).then(function (result) {
                    if (result === "sent") { removeEntry(entry); markSaved(entry); }
                    else if (result === "refused") { removeEntry(entry); refused += 1; }
                    else { outcome = result; }
                });
            });
        });
        return chain.then(function () {
            sending = false;
            if (outcome === "signed-out") { say("data-signed-out-text", signInLink()); }
            else if (refused) { say("data-refused-text"); }
            else if (outcome === "sent") { say("data-sent-text"); }
            else { say(null); }
        });
    }
    function lockThen(task) { // one tab sends at a time
        if (navigator.locks) { return navigator.locks.request("groundwork:offline-queue", task); }
        return task();
    }

    // What the page shows for a queued action -----------------------------------------------
    function samePath(a, b) { return new URL(a, location.href).pathname === new URL(b, location.href).pathname; }
    function text(key, fallback) { return (region && region.getAttribute(key)) || fallback; }
    function showQueued(form, moveFocus) {
        var note = document.createElement("p");
        note.className = "offline-note";
        note.tabIndex = -1;
        note.setAttribute("data-offline-queued", form.action);
        note.textContent = text("data-done-queued-text", "Marked as done on this device.");
        form.replaceWith(note);
        if (moveFocus) { note.focus(); } // the button that had focus is gone
    }
    function markSaved(entry) {
        document.querySelectorAll("[data-offline-queued]").forEach(function (note) {
            if (samePath(note.getAttribute("data-offline-queued"), entry.url)) {
                note.textContent = text("data-done-sent-text", "Marked as done.");
            }
        });
        document.querySelectorAll("form[data-autosave]").forEach(function (form) {
            var status = form.querySelector("[data-save-status]");
            if (status && samePath(form.action || location.href, entry.url)) { status.textContent = "Saved"; }
        });
    }

    document.addEventListener("submit", function (event) {
        var form = event.target;
        if (form.matches("form[action$='/logout/']") && navigator.serviceWorker && navigator.serviceWorker.controller) {
            navigator.serviceWorker.controller.postMessage({ type: "forget" });
            return;
        }
        if (!form.hasAttribute("data-offline-queue") || navigator.onLine) { return; }
        var queued = enqueue({ url: form.action, fields: fieldsOf(form), label: text("data-done-label", "Mark as done:") + " " + form.getAttribute("data-offline-queue") });
        if (queued) { event.preventDefault(); showQueued(form, true); }
    });

    // The autosave (static/js/groundwork.js) hands over an answer it could not send.
    window.groundworkOffline = { enqueue: enqueue };

    window.addEventListener("offline", showOffline);
    window.addEventListener("online", function () { say(null); lockThen(sendAll); });

    window.addEventListener("DOMContentLoaded", function () {
        var items = waiting();
        document.querySelectorAll("form[data-offline-queue]").forEach(function (form) {
            if (items.some(function (entry) { return samePath(entry.url, form.action); })) { showQueued(form, false); }
        });
        if (!navigator.onLine) { showOffline(); } else { lockThen(sendAll); }
        listSavedLessons();
    });

    // The offline page lists the lessons kept on this device.
    function listSavedLessons() {
        var section = document.querySelector("[data-saved-lessons]");
        if (!section || !window.caches) { return; }
        caches.open("groundwork-pages").then(function (cache) {
            return cache.keys().then(function (requests) {
                var list = requests.filter(function (request) { return /\/offline\.json$/.test(request.url); })[0];
                return list ? cache.match(list).then(function (response) { return response.json(); }) : null;
            });
        }).then(function (kept) {
            if (!kept) { return; }
            var ul = section.querySelector("ul");
            [kept.module].concat(kept.lessons).forEach(function (page) {
                var item = document.createElement("li");
                var link = document.createElement("a");
                link.href = page.url;
                link.textContent = page.title;
                item.appendChild(link);
                ul.appendChild(item);
            });
            section.hidden = false;
        });
    }

    // The service worker -------------------------------------------------------------------
    if (!("serviceWorker" in navigator) || user === null) { return; }
    navigator.serviceWorker.register(script.getAttribute("data-worker"), { scope: "/" }).then(function () {
        return navigator.serviceWorker.ready;
    }).then(function (registration) {
        var keep = document.querySelector("[data-offline-keep]");
        registration.active.postMessage({ type: "page", user: user, keep: keep ? keep.getAttribute("data-offline-keep") : null });
    }).catch(function () { /* no worker: pages still work, only not offline */ });
})();
