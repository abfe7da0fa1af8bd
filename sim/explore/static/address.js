// yiwu-sim explorer: the page's address (#...) holds the language, the setting, the chosen map
// element and the date, so that a view can be bookmarked or sent as a link.

import { $, state } from "./page.js";

function readAddress() {
  const q = new URLSearchParams(location.hash.slice(1));
  const out = {};
  for (const [k, v] of q.entries()) out[k] = v;
  return out;
}
export function writeAddress() {
  const q = new URLSearchParams();
  q.set("lang", state.lang);
  for (const [k, v] of Object.entries(state.setting)) if (v !== state.init.setting[k]) q.set(k, v);
  if (state.selected) q.set("sel", state.selected);
  if (state.frameT) q.set("t", state.frameT);
  history.replaceState(null, "", "#" + q.toString());
  try { localStorage.setItem("yiwu-explore-lang", state.lang); } catch (e) { /* private mode */ }
}
function settingFromAddress(a) {
  const s = { ...state.init.setting };
  for (const c of state.init.controls) {
    if (!(c.key in a)) continue;
    s[c.key] = c.kind === "number" || c.kind === "integer" ? Number(a[c.key]) : a[c.key];
  }
  if (a.crossing && a.crossing in state.init.crossings) s.crossing = a.crossing;
  return s;
}

// what the map element `id` is: a line, the yard (the origin) or a crossing; else null
export function kindOf(id) {
  if (!id || !state.init) return null;
  if (state.init.map.lines[id]) return "line";
  const n = state.init.map.nodes[id];
  if (!n) return null;
  return n.kind === "origin" ? "yard" : n.kind === "border" ? "crossing" : null;
}

// the address edited by hand or a link opened in this tab: show what it says
export function fromAddress() {
  const a = readAddress();
  if (a.lang === "zh" || a.lang === "en") state.lang = a.lang;
  state.setting = settingFromAddress(a);
  state.selected = kindOf(a.sel) ? a.sel : null;
  state.frameT = a.t !== undefined && Number.isFinite(Number(a.t)) ? Number(a.t) : null;
  if (state.frameT !== null) $("date-slider").value = state.frameT;
}
