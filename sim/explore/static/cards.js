// yiwu-sim explorer: the cards of a result. The table comparing each measure with the baseline
// (with its interval and a verdict), the last safe days, the charts, and the summary that says
// in words what changed and what moved.

import { barChart, timeChart } from "./charts.js";
import { drawMap } from "./map.js";
import { $, BASE, CUR, el, state } from "./page.js";
import { TINY, choiceName, dayWords, fmt, lineName, longDate, nodeName, t, unit } from "./words.js";

// which way is better for each measure (+1: higher is better, -1: lower, 0: neither)
const BETTER_IF = { on_time_pct: 1, rail_teu_per_week: 1, trains_per_week: 0, lead_rail_days: -1, lead_sea_days: -1, wait_h: -1, queue: -1, last_safe_day: 1 };

function kpiLabel(k) {
  const [head, sub] = k.key.split(".");
  if (head === "wait_h" || head === "queue") return t("kpi." + head, { name: nodeName(sub) });
  return t("kpi." + k.key);
}
function verdict(k) {
  const dir = BETTER_IF[k.key.split(".")[0]] || 0;
  if (!dir || k.diff === null || k.diff === undefined || Math.abs(k.diff) < TINY) return "";
  return k.diff * dir > 0 ? "better" : "worse";
}
// an interval that includes 0: the difference may be chance (one run has no interval)
const sure = (k) => k.n >= 2 && k.lo !== null && k.lo !== undefined && (k.lo > 0 || k.hi < 0);
const unclear = (k) => k.n >= 2 && k.lo !== null && k.lo !== undefined && !sure(k);

// every card of a job's state: the comparison, the last safe days, the charts, the map, the
// summary in words and the command that runs the setting again
export function render(st) {
  const v = st.views;
  const tb = $("kpis").querySelector("tbody");
  tb.textContent = "";
  for (const k of v.kpis) {
    const tr = el("tr", { "data-key": k.key, "data-base": k.base ?? "", "data-cur": k.cur ?? "" }, tb);
    el("td", {}, tr, state.lang === "zh" ? `${kpiLabel(k)}（${unit(k.unit)}）` : `${kpiLabel(k)} (${unit(k.unit)})`);
    el("td", {}, tr, fmt(k.base));
    el("td", {}, tr, fmt(k.cur));
    diffCell(tr, k);
  }
  const sb = $("safe").querySelector("tbody");
  sb.textContent = "";
  for (const r of v.last_safe) {
    const lid = r.key.split(".")[1];
    const tr = el("tr", { "data-key": r.key }, sb);
    el("td", {}, tr, lineName(lid));
    el("td", { class: "date" }, tr, r.base_date ? longDate(new Date(r.base_date + "T00:00:00Z")) : t("none_safe"));
    el("td", { class: "date" }, tr, r.cur_date ? longDate(new Date(r.cur_date + "T00:00:00Z")) : t("none_safe"));
    diffCell(tr, r);
  }
  timeChart($("chart-weekly"), [{ values: v.weekly.base, colour: BASE, name: t("baseline") }, { values: v.weekly.cur, colour: CUR, name: t("current") }], 7 * 24, t("teu"));
  timeChart($("chart-queue"), [{ values: v.queue.base, colour: BASE, name: t("baseline") }, { values: v.queue.cur, colour: CUR, name: t("current") }], 24, t("trains"));
  barChart($("chart-lead"), v.kpis.filter((k) => k.key.startsWith("lead_")));
  drawMap(v);
  summary(st);
  $("command").textContent = st.command;
  $("command-file").textContent = st.command_file;
  $("diff").textContent = st.diff || t("no_change");
  $("download").href = `download/scenario.yaml?job=${st.job}`;
  document.body.dataset.rendered = st.job + ":" + st.done;
}

function diffCell(tr, k) {
  const v = verdict(k), maybe = v && unclear(k);
  const td = el("td", { class: v + (maybe ? " unclear" : ""), "data-verdict": v }, tr, diffText(k));
  if (v) el("span", { class: "verdict" }, td, " " + t(v) + (maybe ? t("maybe_chance") : ""));
}

function diffText(k) {
  if (k.diff === null || k.diff === undefined) return "–";
  const sign = k.diff > TINY ? "+" : "";
  if (k.lo === null || k.n < 2) return state.lang === "zh" ? `${sign}${fmt(k.diff)}（${t("one_run")}）` : `${sign}${fmt(k.diff)} (${t("one_run")})`;
  return `${sign}${fmt(k.diff)} [${fmt(k.lo)}, ${fmt(k.hi)}]${sure(k) ? " *" : ""}`;
}

// ---- what changed against the baseline, in words ------------------------------------------
function valueWords(c, x) {
  if (c.kind === "choice") return choiceName(c, x);
  // a unit the label says already ("Trains per week, L01: 2 → 0.5", "Trains served at once:
  // 2 → 1") is left out, and a unit's note ("days (negative: before)") is for the control
  const said = c.unit.startsWith("per ") || c.unit === "trains" || c.unit === "share of orders";
  const u = c.unit && !said ? unit(c.unit).split(/ \(|（/)[0] : "";
  return u ? t("value_unit", { v: fmt(x, 3), unit: u }) : fmt(x, 3);
}
function summary(st) {
  const box = $("summary-text"), v = st.views, s = st.setting || state.setting, base = state.init.setting;
  box.textContent = "";
  const changes = [];
  for (const c of state.init.controls) {
    if (["seed", "replications", "closure.start", "closure.days"].includes(c.key) || s[c.key] === base[c.key]) continue;
    changes.push(t("sum_setting", { label: state.lang === "zh" ? c.label_zh : c.label, base: valueWords(c, base[c.key]), cur: valueWords(c, s[c.key]) }));
  }
  if (s["closure.days"] > 0) changes.push(t("sum_closure", { name: nodeName(s.crossing), start: dayWords(s["closure.start"]), days: s["closure.days"] }));
  if (!changes.length) { el("p", { id: "summary-changed" }, box, t("sum_none")); return; }
  el("p", { id: "summary-changed" }, box, t("sum_changed", { list: changes.join(t("list_sep")) }));
  const moved = [], chance = [], same = [];
  for (const k of [...v.kpis, ...v.last_safe]) {
    if (k.diff === null || k.diff === undefined) continue;
    const safe = k.key.startsWith("last_safe_day."), who = safe ? lineName(k.key.split(".")[1]) : kpiLabel(k);
    if (Math.abs(k.diff) < TINY) same.push(safe ? t("sum_safe_name", { line: who }) : who);
    else if (unclear(k)) chance.push(safe ? t("sum_safe_name", { line: who }) : who);
    else {
      const vd = verdict(k), words = safe
        ? t(k.diff > 0 ? "sum_safe_later" : "sum_safe_earlier", { line: who, n: fmt(Math.abs(k.diff), 0), base: dayWords(k.base_date), cur: dayWords(k.cur_date) })
        : t(k.diff > 0 ? "sum_rose" : "sum_fell", { name: who, base: fmt(k.base), cur: fmt(k.cur), unit: unit(k.unit) });
      moved.push({ words: words + (vd ? t("sum_verdict", { v: t(vd) }) : ""), vd });
    }
  }
  const n = st.done;
  // one pair so far: no interval yet (more are running), or none at all (one replication)
  el("p", { id: "summary-how" }, box, n >= 2 ? t("sum_clear", { n }) : t(st.total > 1 ? "sum_first_run" : "sum_one_run", { total: st.total }));
  const ul = el("ul", { id: "summary-moved" }, box);
  for (const m of moved) el("li", { class: m.vd }, ul, m.words);
  if (!moved.length) el("li", {}, ul, t("sum_nothing_clear"));
  if (chance.length) el("p", { id: "summary-chance" }, box, t("sum_chance", { list: chance.join(t("list_sep")) }));
  if (same.length) el("p", { id: "summary-same" }, box, t("sum_same", { list: same.join(t("list_sep")) }));
}
