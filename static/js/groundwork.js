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
