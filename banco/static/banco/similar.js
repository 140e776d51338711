/* "¿Ya existe algo parecido?": while a person writes a proposal's title, ask the bank for similar
   public proposals of the same call and show up to five links in a polite live region. Without
   JavaScript nothing changes (the draft preview lists similar proposals too). */
(function () {
  "use strict";
  var panel = document.querySelector("[data-similar-url]");
  if (!panel || !window.fetch) { return; }
  var input = document.getElementById(panel.dataset.similarFor);
  if (!input) { return; }
  var MIN_LENGTH = 4, MAX_LENGTH = 200, DELAY = 450;
  var timer = null, last = "", controller = null;

  function show(html) {
    var holder = document.createElement("div");
    holder.innerHTML = html; // our own server-rendered fragment: every title is escaped
    if (!holder.querySelector("li")) { panel.textContent = ""; return; } // stays :empty, takes no room
    panel.innerHTML = holder.innerHTML;
  }

  function ask() {
    var text = input.value.trim().slice(0, MAX_LENGTH);
    if (text === last) { return; }
    last = text;
    if (controller) { controller.abort(); controller = null; }
    if (text.length < MIN_LENGTH) { show(""); return; }
    controller = window.AbortController ? new AbortController() : null;
    var base = panel.dataset.similarUrl;
    var url = base + (base.indexOf("?") < 0 ? "?" : "&") + "q=" + encodeURIComponent(text);
    fetch(url, { headers: { "X-Requested-With": "fetch" }, credentials: "same-origin", signal: controller ? controller.signal : undefined })
      .then(function (response) { return response.ok ? response.text() : ""; })
      .then(show)
      .catch(function () { /* offline or aborted: the form still works */ });
  }

  input.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(ask, DELAY);
  });
  if (input.value) { ask(); }
})();
