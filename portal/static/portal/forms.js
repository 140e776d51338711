/* Forms marked data-once send only once: a double click on "submit" posts one request
   (the server is idempotent too). Character counters for fields with data-counter. */
(function () {
  "use strict";
  document.querySelectorAll("form[data-once]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (form.dataset.sent) { event.preventDefault(); return; }
      form.dataset.sent = "1";
      form.querySelectorAll("button[type=submit]").forEach(function (button) { button.setAttribute("aria-disabled", "true"); });
    });
  });
  document.querySelectorAll("textarea[maxlength][data-counter]").forEach(function (field) {
    var output = document.getElementById(field.dataset.counter);
    if (!output) { return; }
    var max = parseInt(field.getAttribute("maxlength"), 10);
    function update() { output.textContent = (max - field.value.length) + " / " + max; }
    field.addEventListener("input", update);
    update();
  });
})();
