"use strict";
// The filter: a finding row shows when its severity and its rule are both ticked; an
// entity's section hides when none of its rows shows. Text only, never HTML.
(function () {
  const form = document.getElementById("filters");
  if (!form) return;
  const shown = document.getElementById("shown");
  const ticked = (name) =>
    new Set(Array.from(form.querySelectorAll('input[name="' + name + '"]:checked'), (box) => box.value));
  function update() {
    const severities = ticked("severity");
    const rules = ticked("rule");
    let count = 0;
    for (const row of document.querySelectorAll("tr.finding")) {
      row.hidden = !(severities.has(row.dataset.severity) && rules.has(row.dataset.rule));
      if (!row.hidden) count += 1;
    }
    for (const section of document.querySelectorAll("section.entity")) {
      section.hidden = !section.querySelector("tr.finding:not([hidden])");
    }
    shown.textContent = count + " of " + shown.dataset.total + " finding(s) shown";
  }
  form.addEventListener("change", update);
  update();
})();
