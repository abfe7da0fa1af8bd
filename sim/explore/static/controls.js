// yiwu-sim explorer: the controls, built from what api/init lists, each with its range, its help
// and its error in the page's language; a value the page refuses is never sent.

import { SLIDER_MS, TYPING_MS, changed, refuse } from "./network.js";
import { $, el, state } from "./page.js";
import { checkValue, choiceName, longDate, nodeName, t, unit } from "./words.js";

export function buildControls() {
  const form = $("controls");
  form.textContent = "";
  const groups = {};
  const crossingField = () => {
    const c = el("div", { class: "control", id: "ctl-crossing" });
    el("label", { for: "in-crossing" }, c, t("crossing_to_study"));
    const s = el("select", { id: "in-crossing", "data-key": "crossing" }, c);
    for (const id of Object.keys(state.init.crossings)) el("option", { value: id }, s, `${id} ${nodeName(id)}`);
    s.value = state.setting.crossing;
    s.addEventListener("change", () => { state.setting.crossing = s.value; showCrossing(); changed(); });
    el("div", { class: "err", id: "err-crossing" }, c);
    return c;
  };
  for (const c of state.init.controls) {
    if (!groups[c.group]) {
      groups[c.group] = el("fieldset", {}, form);
      el("legend", {}, groups[c.group], t("group." + c.group));
      if (c.group === "Crossing") groups[c.group].appendChild(crossingField());
    }
    const box = el("div", { class: "control", id: `ctl-${c.key}` }, groups[c.group]);
    if (c.crossing) box.dataset.crossing = c.crossing;
    box.classList.toggle("changed", state.setting[c.key] !== state.init.setting[c.key]);
    const id = `in-${c.key}`;
    const label = state.lang === "zh" ? c.label_zh : c.label;
    const help = state.lang === "zh" ? c.help_zh : c.help;
    const range = c.kind === "choice" ? c.choices.map((x) => choiceName(c, x)).join(state.lang === "zh" ? "、" : ", ")
      : t("range", { unit: c.unit ? unit(c.unit) + (state.lang === "zh" ? "，" : ", ") : "", min: c.min, max: c.max });
    const lab = el("label", { for: id, title: help }, box, label + " ");
    el("span", { class: "range" }, lab, state.lang === "zh" ? `（${range}）` : `(${range})`);
    const row = el("div", { class: "row" }, box);
    let input, shown = null;
    if (c.kind === "choice") {
      input = el("select", { id }, row);
      for (const ch of c.choices) el("option", { value: ch }, input, choiceName(c, ch));
    } else if (c.kind === "date") {
      // the box shows the browser's format (02/20/2026 in an English browser, on the Chinese
      // page too); beside it the date chosen in the page's language, read with the box
      input = el("input", { id, type: "date", min: c.min, max: c.max, "aria-describedby": `date-${c.key}` }, row);
      const said = el("output", { id: `date-${c.key}`, for: id, class: "date-said" }, row);
      const say = () => { said.textContent = checkValue(c, input.value)[0] ? "" : longDate(new Date(input.value + "T00:00:00Z")); };
      input.addEventListener("input", say);
      input.addEventListener("change", say);
      shown = say;
    } else {
      const slider = el("input", { type: "range", min: c.min, max: c.max, step: c.step, "aria-label": label, id: `${id}-slider` }, row);
      input = el("input", { id, type: "number", min: c.min, max: c.max, step: c.step }, row);
      slider.value = state.setting[c.key];
      slider.addEventListener("input", () => { input.value = slider.value; onInput(c, input, SLIDER_MS); });
      input.addEventListener("change", () => { slider.value = input.value; });
    }
    input.dataset.key = c.key;
    input.value = state.setting[c.key];
    if (shown) shown();
    input.addEventListener(c.kind === "choice" || c.kind === "date" ? "change" : "input", () => onInput(c, input));
    el("div", { class: "err", id: `err-${c.key}` }, box);
    if (help) el("div", { class: "range help" }, box, help);
  }
  showCrossing();
}

function onInput(c, input, delay) {
  const err = $(`err-${c.key}`);
  const [wrong, v] = checkValue(c, input.value);
  if (wrong) { refuse(err, wrong); return; }
  err.textContent = "";
  state.setting[c.key] = v;
  $(`ctl-${c.key}`).classList.toggle("changed", v !== state.init.setting[c.key]);
  changed(delay !== undefined ? delay : c.kind === "number" || c.kind === "integer" ? TYPING_MS : SLIDER_MS);
}

export function showCrossing() {
  for (const box of document.querySelectorAll(".control[data-crossing]")) box.hidden = box.dataset.crossing !== state.setting.crossing;
  $("queue-caption").textContent = t("queue_caption", { name: nodeName(state.setting.crossing) });
}
