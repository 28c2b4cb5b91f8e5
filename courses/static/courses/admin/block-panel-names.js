// Wagtail names each StreamField block's panel (a <section>, so a "region" landmark) by its own
// heading alone: the block's label and a summary of its first field. Panels that read alike then
// share one name — the "Principles" panel of every scenario choice, the "True" and "False"
// choices of two questions — and a screen reader's list of regions cannot tell them apart
// (axe landmark-unique). This names each nested panel by the heading of the panel it sits in as
// well (aria-labelledby lists both headings): "Choice Ask what would help Principles Leans on it",
// "Question 2 Choice True", the way a sighted editor reads the nesting on screen.
(() => {
  "use strict";

  const OWN = "data-own-heading";
  const NESTED = "section.w-panel--nested[aria-labelledby]";

  function ownHeading(section) {
    return section.getAttribute(OWN) || section.getAttribute("aria-labelledby");
  }

  function name(section) {
    const outer = section.parentElement && section.parentElement.closest("section[data-panel][aria-labelledby]");
    if (!outer) return;
    const own = ownHeading(section);
    const wanted = `${ownHeading(outer)} ${own}`;
    section.setAttribute(OWN, own);
    if (section.getAttribute("aria-labelledby") !== wanted) section.setAttribute("aria-labelledby", wanted);
  }

  let pending = false;
  function nameAll() {
    pending = false;
    document.querySelectorAll(NESTED).forEach(name);
  }

  function soon() {
    if (pending) return;
    pending = true;
    window.requestAnimationFrame(nameAll);
  }

  function start() {
    nameAll();
    // Blocks are drawn by script, and editors add, move and duplicate them.
    new MutationObserver(soon).observe(document.body, { childList: true, subtree: true });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
