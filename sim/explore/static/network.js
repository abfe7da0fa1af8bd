// yiwu-sim explorer: the calls to the server. A change is sent to api/run after a short pause,
// then api/job/<id> is polled until the run is done, and each new state is drawn. Every address
// is relative, so the page also works under a path prefix (jupyter-server-proxy).

import { writeAddress } from "./address.js";
import { render } from "./cards.js";
import { seasonSlider, setupSeason } from "./map.js";
import { $, state } from "./page.js";
import { checkValue, t } from "./words.js";

// a slider or a list answers at once; digits typed in a box wait for the next key, so that
// typing 2400 does not run 2, 24 and 240 first, nor 9999 on the way to a refused 99999
export const SLIDER_MS = 40, TYPING_MS = 350;
let jobId = null, timer = null, debounce = null, shownDone = -1;
let sent = null;  // the setting last sent: the one the views are of, or will be
export function refuse(err, words) {
  err.textContent = words;
  clearTimeout(debounce);  // a value typed before this one, still waiting, is not sent,
  if (sent) { state.setting = { ...sent }; writeAddress(); }  // nor kept in the address
}

export function changed(delay) {
  writeAddress();
  clearTimeout(debounce);
  debounce = setTimeout(submit, delay === undefined ? SLIDER_MS : delay);  // a drag sends one change
}

export async function submit() {
  sent = { ...state.setting };
  setStatus("running", t("simulating"));
  let answer;
  try {
    const r = await fetch(`api/run?lang=${state.lang}`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(state.setting) });
    answer = await r.json();
  } catch (e) { setStatus("error", t("no_answer")); return; }
  $("problems").textContent = "";
  // clear the server's earlier words only: a control being typed in keeps the page's own
  document.querySelectorAll(".err[data-server]").forEach((e) => { e.textContent = ""; delete e.dataset.server; });
  if (!answer.ok) {
    for (const [k, said] of Object.entries(answer.problems || { "": answer.error || "" })) {
      // a value from the address the page did not check: said in the page's language
      const c = state.init.controls.find((x) => x.key === k);
      const msg = (c && checkValue(c, state.setting[k])[0]) || said;
      const e = k && $(`err-${k}`);
      if (e) { e.textContent = msg; e.dataset.server = "1"; } else $("problems").textContent += msg + " ";
    }
    setStatus("error", t("not_run"));
    return;
  }
  follow(answer.job);
}

function follow(id) {
  jobId = id; shownDone = -1; state.season = null;
  clearTimeout(timer);
  poll();
}

async function poll() {
  const id = jobId;
  let st;
  try {
    const r = await fetch(`api/job/${id}${state.season ? "" : "?season=1"}`);
    st = await r.json();
  } catch (e) { timer = setTimeout(poll, 500); return; }
  if (id !== jobId) return; // a newer change took over
  if (st.error) { setStatus("error", st.error); return; }
  const fresh = st.season && !state.season;
  if (fresh) { state.season = st.season; seasonSlider(); }
  if (st.views && st.done !== shownDone) { state.lastState = st; render(st); shownDone = st.done; }
  if (fresh) setupSeason(false);
  statusWords(st);
  if (st.status === "queued" || st.status === "running" || (st.status === "done" && !state.season)) timer = setTimeout(poll, st.done ? 100 : 40);
}

export function statusWords(st) {
  const words = { queued: t("queued"), running: t("running", { done: st.done, total: st.total }), done: t("done", { total: st.total }), cancelled: t("cancelled"), error: st.message };
  setStatus(st.status, words[st.status] || st.status, st);
}

export function setStatus(status, text, st) {
  const s = $("status");
  delete s.dataset.i18n; // no longer "Starting…": a change of language says the status anew
  s.dataset.status = status;
  s.textContent = text;
  if (st) { s.dataset.job = st.job; s.dataset.done = st.done; s.dataset.total = st.total; s._st = st; }
}
