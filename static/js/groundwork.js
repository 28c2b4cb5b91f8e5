// Progressive enhancement only: every flow works without this file.
// Remember the reading position when a learner takes a break, and restore it on return.
(function () {
    "use strict";
    var KEY = "groundwork:scroll:";
    document.addEventListener("click", function (event) {
        var link = event.target.closest && event.target.closest("a[data-break-link]");
        if (link) {
            try { sessionStorage.setItem(KEY + location.pathname, String(window.scrollY)); } catch (e) { /* storage may be off */ }
        }
    });
    window.addEventListener("DOMContentLoaded", function () {
        try {
            var saved = sessionStorage.getItem(KEY + location.pathname);
            if (saved !== null) {
                sessionStorage.removeItem(KEY + location.pathname);
                window.scrollTo(0, parseInt(saved, 10) || 0);
            }
        } catch (e) { /* storage may be off */ }
    });
})();

// Quiz questions: save each answer as soon as it changes, and say so. Saves go one at a time,
// in order, so a quick second change can never be overwritten by the first arriving late.
// Until the server has it, the answer is also kept in localStorage: if the session has ended,
// the learner is told plainly, signs in, and the answer is saved when the question opens again.
(function () {
    "use strict";
    var KEY = "groundwork:answer:";
    var queue = Promise.resolve();
    var pending = 0;

    function storageKey(form) { return KEY + new URL(form.action || window.location.href, window.location.href).pathname; }
    function chosen(form) {
        return Array.prototype.map.call(form.querySelectorAll("input[name=choice]:checked"), function (input) { return input.value; });
    }
    function keep(form) {
        try { localStorage.setItem(storageKey(form), JSON.stringify(chosen(form))); } catch (e) { /* storage may be off */ }
    }
    function forget(form) {
        try { localStorage.removeItem(storageKey(form)); } catch (e) { /* storage may be off */ }
    }
    function isSignIn(response) {
        return response.redirected && /\/accounts\/login\//.test(response.url);
    }
    function signedOut(status) {
        if (!status) { return; }
        var next = window.location.pathname + window.location.search;
        status.textContent = "You were signed out — sign in and your answer will be saved. ";
        var link = document.createElement("a");
        link.href = "/accounts/login/?next=" + encodeURIComponent(next);
        link.textContent = "Sign in";
        status.appendChild(link);
    }
    function showAnswered(form, body) {
        if (typeof body.answered !== "number") { return; }
        var count = document.querySelector("[data-answered-count]");
        if (count) { count.textContent = body.answered + " of " + count.getAttribute("data-total") + " answered"; }
        var current = document.querySelector(".question-nav__link[aria-current=step]");
        if (current && body.saved && !current.classList.contains("question-nav__link--answered")) {
            current.classList.add("question-nav__link--answered");
            var hidden = current.querySelector(".visually-hidden");
            if (hidden) { hidden.textContent = " (answered)"; }
        }
    }

    function save(form, status) {
        var data = new FormData(form);
        data.set("go", "stay");
        return fetch(form.action || window.location.href, {
            method: "POST",
            body: data,
            credentials: "same-origin",
            headers: { "X-Requested-With": "fetch" }
        }).then(function (response) {
            if (isSignIn(response) || response.status === 401) { return { signedOut: true }; }
            return response.json().then(function (body) { return { ok: response.ok, body: body }; });
        }).then(function (result) {
            pending -= 1;
            if (result.signedOut) { signedOut(status); return; }
            if (result.ok) { forget(form); showAnswered(form, result.body); }
            if (!status) { return; }
            if (!result.ok) { status.textContent = result.body.error || "Not saved. Use the button below to save."; }
            else if (pending === 0) { status.textContent = "Saved"; }
        }).catch(function () {
            pending -= 1;
            // Offline: static/js/offline.js sends the answer once the connection is back.
            var queued = window.groundworkOffline && window.groundworkOffline.enqueue({
                url: new URL(form.action || window.location.href, window.location.href).href,
                key: storageKey(form),
                fields: chosen(form).map(function (value) { return ["choice", value]; }).concat([["go", "stay"]]),
                headers: { "X-Requested-With": "fetch" },
                label: "Quiz answer: " + document.title.replace(/ · Groundwork$/, ""),
                forget: storageKey(form)
            });
            if (!status) { return; }
            status.textContent = queued
                ? "You’re offline. Your answer is kept on this device and will be saved when you’re back online."
                : "Not saved yet: check your connection, then use the button below. Your answer is kept on this device.";
        });
    }

    function queueSave(form) {
        var status = form.querySelector("[data-save-status]");
        keep(form);
        pending += 1;
        if (status) { status.textContent = "Saving…"; }
        queue = queue.then(function () { return save(form, status); });
    }

    document.addEventListener("change", function (event) {
        var form = event.target.form;
        if (!form || !form.hasAttribute("data-autosave") || event.target.name !== "choice") { return; }
        queueSave(form);
    });

    // Back after signing in (or on a reload): an answer the server never got is put back and saved.
    window.addEventListener("DOMContentLoaded", function () {
        document.querySelectorAll("form[data-autosave]").forEach(function (form) {
            var kept;
            try { kept = JSON.parse(localStorage.getItem(storageKey(form)) || "null"); } catch (e) { kept = null; }
            if (!Array.isArray(kept) || kept.length === 0) { return; }
            form.querySelectorAll("input[name=choice]").forEach(function (input) { input.checked = kept.indexOf(input.value) !== -1; });
            queueSave(form);
        });
    });
})();

// An optional quiz time limit: show the time left and warn two minutes before the end.
(function () {
    "use strict";
    window.addEventListener("DOMContentLoaded", function () {
        var box = document.querySelector("[data-deadline]");
        if (!box) { return; }
        var deadline = new Date(box.getAttribute("data-deadline"));
        var output = box.querySelector("[data-time-left]");
        var warned = false;
        function tick() {
            var minutes = Math.max(0, Math.ceil((deadline - new Date()) / 60000));
            if (minutes <= 2 && !warned) {
                warned = true;
                output.setAttribute("role", "alert");
                output.textContent = "About " + minutes + " minute(s) left. You can add time or turn the limit off below.";
            } else if (!warned) {
                output.textContent = "About " + minutes + " minutes left.";
            }
        }
        tick();
        window.setInterval(tick, 30000);
    });
})();

// Certificates: "Copy verification link" buttons (hidden without JavaScript, where the link itself is there to copy).
(function () {
    "use strict";
    document.querySelectorAll("[data-copy]").forEach(function (button) {
        if (!navigator.clipboard) { return; }
        button.hidden = false;
        button.addEventListener("click", function () {
            navigator.clipboard.writeText(button.getAttribute("data-copy")).then(function () {
                var note = document.createElement("span");
                note.setAttribute("role", "status");
                note.textContent = " Copied";
                button.after(note);
                window.setTimeout(function () { note.remove(); }, 4000);
            });
        });
    });
})();

// A form's error summary: each link moves focus into the field it names (a link to a fragment
// alone scrolls there but may leave focus behind).
document.addEventListener("click", function (event) {
    "use strict";
    var link = event.target.closest && event.target.closest("[data-error-summary] a[href^='#']");
    if (!link) { return; }
    var target = document.getElementById(link.getAttribute("href").slice(1));
    if (target) { event.preventDefault(); target.focus(); target.scrollIntoView({ block: "center" }); }
});
