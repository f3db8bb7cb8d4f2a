// The country lists with JavaScript: a box above each filters its options as one types (the
// lists are grouped by region without it).
"use strict";
(function () {
  const form = document.getElementById("hub-filters");
  if (!form) return;
  const fold = (t) => t.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();
  for (const select of form.querySelectorAll("select.searchable")) {
    const box = document.createElement("input");
    box.type = "search";
    box.setAttribute("aria-label", `${form.dataset.search}: ${select.parentElement.firstChild.textContent.trim()}`);
    box.placeholder = form.dataset.search;
    box.addEventListener("input", () => {
      const typed = fold(box.value.trim());
      for (const option of select.options) option.hidden = typed !== "" && !fold(option.text).includes(typed);
      for (const group of select.querySelectorAll("optgroup")) group.hidden = [...group.children].every((o) => o.hidden);
    });
    select.before(box);
  }
})();

// The hub's map with JavaScript: zoom with the wheel or the buttons, pan by dragging, and a
// tooltip with each country's, corridor's or cell's title on hover and keyboard focus. The
// page is complete without it: the map is server-drawn SVG whose shapes are links and carry
// their words in <title>.
"use strict";
(function () {
  const chart = document.getElementById("map-chart");
  const view = chart && chart.querySelector("#map-view");
  if (!view) return;
  const start = view.getAttribute("viewBox").split(/\s+/).map(Number);
  let box = start.slice();
  const set = () => view.setAttribute("viewBox", box.map((v) => v.toFixed(1)).join(" "));
  const zoom = (factor, cx, cy) => {
    const w = Math.min(start[2] * 4, Math.max(start[2] / 40, box[2] * factor));
    const h = w * (box[3] / box[2]);
    const px = cx ?? box[0] + box[2] / 2, py = cy ?? box[1] + box[3] / 2;
    box = [px - (px - box[0]) * (w / box[2]), py - (py - box[1]) * (h / box[3]), w, h];
    set();
  };
  // Where a screen point falls in the map's coordinates.
  const at = (e) => {
    const r = view.getBoundingClientRect();
    return [box[0] + ((e.clientX - r.left) / r.width) * box[2], box[1] + ((e.clientY - r.top) / r.height) * box[3]];
  };
  chart.addEventListener("wheel", (e) => {
    e.preventDefault();
    const [x, y] = at(e);
    zoom(e.deltaY < 0 ? 0.8 : 1.25, x, y);
  }, { passive: false });
  let drag = null;
  chart.addEventListener("pointerdown", (e) => { drag = { x: e.clientX, y: e.clientY, box: box.slice(), moved: false }; });
  chart.addEventListener("pointermove", (e) => {
    if (drag) {
      const r = view.getBoundingClientRect();
      const dx = e.clientX - drag.x, dy = e.clientY - drag.y;
      if (Math.abs(dx) + Math.abs(dy) > 4) drag.moved = true;
      box = [drag.box[0] - (dx / r.width) * box[2], drag.box[1] - (dy / r.height) * box[3], box[2], box[3]];
      set();
    }
    tip(e.target, e);
  });
  window.addEventListener("pointerup", () => { setTimeout(() => { drag = null; }, 0); });
  // A drag is not a click on the country under the pointer.
  chart.addEventListener("click", (e) => { if (drag && drag.moved) e.preventDefault(); }, true);

  const controls = document.createElement("div");
  controls.className = "map-zoom";
  for (const [label, act] of [["+", () => zoom(0.67)], ["−", () => zoom(1.5)], ["⟲", () => { box = start.slice(); set(); }]]) {
    const b = document.createElement("button");
    b.type = "button";
    b.className = "secondary";
    b.textContent = label;
    b.setAttribute("aria-label", chart.dataset["zoom" + ({ "+": "In", "−": "Out", "⟲": "Reset" })[label]] || label);
    b.addEventListener("click", act);
    controls.append(b);
  }
  chart.before(controls);

  const tipBox = document.createElement("div");
  tipBox.id = "map-tip";
  tipBox.hidden = true;
  chart.append(tipBox);
  function tip(target, e) {
    const owner = target.closest && target.closest("a, g");
    const title = owner && owner.querySelector(":scope > title");
    if (!title) { tipBox.hidden = true; return; }
    tipBox.textContent = title.textContent;
    tipBox.hidden = false;
    const r = chart.getBoundingClientRect();
    const x = e ? e.clientX - r.left : owner.getBoundingClientRect().left - r.left;
    const y = e ? e.clientY - r.top : owner.getBoundingClientRect().top - r.top;
    tipBox.style.left = Math.min(x + 12, r.width - 200) + "px";
    tipBox.style.top = (y + 12) + "px";
  }
  chart.addEventListener("pointerleave", () => { tipBox.hidden = true; });
  chart.addEventListener("focusin", (e) => tip(e.target, null));
  chart.addEventListener("focusout", () => { tipBox.hidden = true; });
})();
