/* The ballot's running counter (budget used and left, projects chosen, points left), updated as
   the voter chooses; the copy button of a receipt; the kiosk countdown. Progressive enhancement:
   without JavaScript the ballot still works through its review step. No framework. */
(function () {
  "use strict";

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (match, name) {
      return Object.prototype.hasOwnProperty.call(values, name) ? values[name] : match;
    });
  }

  function number(value) {
    var parsed = parseInt(value, 10);
    return isNaN(parsed) ? null : parsed;
  }

  function setupCounter(form) {
    var counter = form.querySelector("#ballot-counter");
    if (!counter) { return; }
    var data = counter.dataset;
    var type = data.type;
    var budget = number(data.budget);
    var minSpend = number(data.minSpend);
    var max = number(data.max);
    var min = number(data.min) || 1;
    var points = number(data.points);
    var text = counter.querySelector("[data-counter-text]");
    var bar = counter.querySelector("[data-counter-bar]");

    function money(amount) {
      var grouped = String(Math.abs(amount)).replace(/\B(?=(\d{3})+(?!\d))/g, data.separator || ",");
      return (amount < 0 ? "-" : "") + "$ " + grouped + " " + data.currency;
    }

    function update() {
      var parts = [];
      if (type === "cumulative") {
        var used = 0;
        form.querySelectorAll("[data-points-input]").forEach(function (input) {
          var value = number(input.value);
          if (value && value > 0) { used += value; }
        });
        if (points) {
          parts.push(fill(data.textPoints, { used: used, points: points, left: Math.max(points - used, 0) }));
          if (used > points) { parts.push(fill(data.textPointsOver, { over: used - points })); }
        } else {
          parts.push(fill(data.textPointsFree, { used: used }));
        }
      } else {
        var chosen = form.querySelectorAll("input[name=choice]:checked");
        var spent = 0;
        chosen.forEach(function (input) { spent += number(input.dataset.cost) || 0; });
        var count = chosen.length;
        parts.push(max ? fill(data.textCountMax, { count: count, max: max }) : fill(data.textCount, { count: count }));
        if (count && count < min) { parts.push(fill(data.textTooFew, { min: min })); }
        if (type === "knapsack" && budget !== null) {
          var left = budget - spent;
          parts.push(fill(data.textBudget, { used: money(spent), budget: money(budget), left: money(Math.max(left, 0)) }));
          if (left < 0) { parts.push(fill(data.textOver, { over: money(-left) })); }
          else if (minSpend && count && spent < minSpend) { parts.push(fill(data.textMinSpend, { min: money(minSpend) })); }
          if (bar) { bar.style.width = Math.min(100, budget ? (100 * spent) / budget : 0) + "%"; bar.classList.toggle("over", left < 0); }
          form.querySelectorAll("input[name=choice]").forEach(function (input) {
            var item = input.closest("[data-ballot-item]");
            var tooMuch = !input.checked && (number(input.dataset.cost) || 0) > left;
            item.classList.toggle("ballot-item--no-fit", tooMuch);
            var note = item.querySelector(".ballot-item__no-fit");
            if (tooMuch && !note) {
              note = document.createElement("p");
              note.className = "ballot-item__no-fit meta";
              note.textContent = data.textNoFit;
              input.parentNode.appendChild(note);
            } else if (!tooMuch && note) {
              note.remove();
            }
          });
        }
        form.querySelectorAll("input[name=choice]").forEach(function (input) {
          input.closest("[data-ballot-item]").classList.toggle("ballot-item--chosen", input.checked);
        });
      }
      text.textContent = parts.join(" ");
    }

    counter.hidden = false;
    form.addEventListener("change", update);
    form.addEventListener("input", update);
    update();
  }

  document.querySelectorAll("form[data-ballot]").forEach(setupCounter);

  document.querySelectorAll("[data-copy]").forEach(function (button) {
    var source = document.getElementById(button.dataset.copy);
    var status = button.parentNode.querySelector("[data-copy-status]");
    if (!source || !navigator.clipboard) { return; }
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(source.textContent.trim()).then(function () {
        if (status) { status.textContent = button.dataset.copied; }
      });
    });
  });

  document.querySelectorAll("[data-countdown]").forEach(function (element) {
    var seconds = number(element.dataset.countdown) || 0;
    var template = element.dataset.countdownText;
    var timer = setInterval(function () {
      seconds -= 1;
      if (seconds <= 0) { clearInterval(timer); seconds = 0; }
      element.textContent = fill(template, { seconds: seconds });
    }, 1000);
  });
})();
