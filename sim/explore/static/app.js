// yiwu-sim explorer: the page's entry point (index.html loads it as a module). It shows the
// controls, the views, the map with the season's animation and who waits where, in plain
// JavaScript modules (no library, no build step, nothing from the internet). The server does the
// simulation and the statistics; the page draws what api/job/<id> returns as SVG. The modules:
// page.js (shared state and helpers), words.js (the language), address.js (the #... address),
// network.js (the calls to the server), controls.js, cards.js (the result's cards), charts.js,
// geometry.js and map.js (the map and its animation), detail.js (who waits where).

import { fromAddress, writeAddress } from "./address.js";
import { render } from "./cards.js";
import { buildControls, showCrossing } from "./controls.js";
import { drawDetail } from "./detail.js";
import { drawFrame, togglePlay } from "./map.js";
import { setStatus, statusWords, submit } from "./network.js";
import { $, state } from "./page.js";
import { t } from "./words.js";

// every word of the page said again in the language chosen
function applyLanguage() {
  document.documentElement.lang = state.lang === "zh" ? "zh-CN" : "en";
  document.title = t("title");
  for (const e of document.querySelectorAll("[data-i18n]")) e.textContent = t(e.dataset.i18n);
  for (const e of document.querySelectorAll("[data-i18n-aria]")) e.setAttribute("aria-label", t(e.dataset.i18nAria));
  for (const e of document.querySelectorAll("[data-i18n-title]")) e.title = t(e.dataset.i18nTitle);
  const status = $("status"); // what the run has reached, said again in the new language
  if (status._st && status.dataset.status !== "error") statusWords(status._st);
  showDescription();
  $("play").textContent = t(state.playing ? "pause" : "play");
  buildControls();
  showCrossing();
  if (state.lastState) render(state.lastState);
  drawFrame();
  drawDetail();
}
// the scenario's description: its description_zh on the Chinese page; without one, the
// English text after words that say it is the author's, in English (not a page that slips
// into English without a word)
function showDescription() {
  const desc = $("description");
  const { description, description_zh: zh } = state.init;
  desc.replaceChildren();
  desc.lang = state.lang === "zh" && (zh || description) ? "zh-CN" : "en";
  if (state.lang === "zh" && zh) desc.textContent = zh;
  else if (state.lang === "zh" && description) {
    const words = document.createElement("span");
    words.lang = "en";
    words.textContent = description;
    desc.append(t("author_description", { text: "" }), words);
  } else desc.textContent = description;
}
function switchLanguage() {
  state.lang = state.lang === "zh" ? "en" : "zh";
  applyLanguage();
  writeAddress();
}

// the page loaded: the glossary, the controls and the map from api/init, then the first run
async function start() {
  try {
    state.init = await (await fetch("api/init")).json();
  } catch (e) { setStatus("error", "The explorer does not answer: is `yiwu-sim explore` still running? / 探索器没有响应"); return; }
  let stored = null;
  try { stored = localStorage.getItem("yiwu-explore-lang"); } catch (e) { /* private mode */ }
  state.lang = stored === "zh" || stored === "en" ? stored : (navigator.language || "").startsWith("zh") ? "zh" : "en";
  fromAddress();
  $("scenario-name").textContent = `${state.init.scenario} (${state.init.source})`;
  if (state.init.shipped) {  // the packaged teaching file, named without its path: offered here
    $("shipped").hidden = false;
    $("shipped-file").textContent = state.init.source;
    $("download-shipped").href = `download/${state.init.source}`;
  }
  $("lang").addEventListener("click", switchLanguage);
  $("play").addEventListener("click", togglePlay);
  $("date-slider").addEventListener("input", () => { state.frameT = Number($("date-slider").value); drawFrame(); });
  $("date-slider").addEventListener("change", writeAddress);
  applyLanguage();
  writeAddress();
  submit();
  // writeAddress replaces the address without this event: it fires for a change from outside
  window.addEventListener("hashchange", () => { fromAddress(); applyLanguage(); writeAddress(); submit(); });
}
document.addEventListener("DOMContentLoaded", start);
