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
(function () {
    "use strict";
    var queue = Promise.resolve();
    var pending = 0;

    function save(form, status) {
        var data = new FormData(form);
        data.set("go", "stay");
        return fetch(form.action || window.location.href, {
            method: "POST",
            body: data,
            credentials: "same-origin",
            headers: { "X-Requested-With": "fetch" }
        }).then(function (response) {
            return response.json().then(function (body) { return { ok: response.ok, body: body }; });
        }).then(function (result) {
            pending -= 1;
            if (!status) { return; }
            if (!result.ok) { status.textContent = result.body.error || "Not saved. Use the button below to save."; }
            else if (pending === 0) { status.textContent = "Saved"; }
        }).catch(function () {
            pending -= 1;
            if (status) { status.textContent = "Not saved yet: check your connection, then use the button below."; }
        });
    }

    document.addEventListener("change", function (event) {
        var form = event.target.form;
        if (!form || !form.hasAttribute("data-autosave") || event.target.name !== "choice") { return; }
        var status = form.querySelector("[data-save-status]");
        pending += 1;
        if (status) { status.textContent = "Saving…"; }
        queue = queue.then(function () { return save(form, status); });
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
