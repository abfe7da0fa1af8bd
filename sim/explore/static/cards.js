// yiwu-sim explorer: the cards of a result. The table comparing each measure with the baseline
// (with its interval and a verdict), the last safe days, the charts, and the summary that says
// in words what changed and what moved.

import { barChart, timeChart } from "./charts.js";
import { drawMap } from "./map.js";
import { $, BASE, CUR, el, state } from "./page.js";
import { TINY, choiceName, dateAt, dayWords, fmt, fmtWithDiff, heldReopens, lineName, longDate, nodeName, t, unit, waitedWords } from "./words.js";

// whole days from one ISO date to another (0 when either is missing)
function daysApart(a, b) {
  if (!a || !b) return 0;
  return Math.round((Date.parse(b + "T00:00:00Z") - Date.parse(a + "T00:00:00Z")) / 86400000);
}
// which way is better for each measure (+1: higher is better, -1: lower, 0: neither)
const BETTER_IF = { on_time_pct: 1, rail_teu_per_week: 1, trains_per_week: 0, lead_rail_days: -1, lead_sea_days: -1, wait_h: -1, queue: -1, held: -1, held_wait_h: -1, queued: -1, wait_held_h: -1, last_safe_day: 1 };
// the measures of one crossing, named with it ("held": trains a closure holds when the run ends;
// "queued": trains an open crossing still queues then, every server busy)
const AT_CROSSING = ["wait_h", "queue", "held", "held_wait_h", "queued", "wait_held_h"];

// `v`: the views; beside the trains still waiting when the run ends (held by a closure or
// queued at the open crossing), the wait and the queue (from the crossings finished) are said to
// be of the trains served (kpi.wait_h_served, kpi.queue_served)
function kpiLabel(k, v) {
  const [head, sub] = k.key.split(".");
  const served = (head === "wait_h" || head === "queue") && v && v.kpis.some((x) => x.key.startsWith("held.") || x.key.startsWith("queued."));
  if (AT_CROSSING.includes(head)) return t(served ? `kpi.${head}_served` : "kpi." + head, { name: nodeName(sub) });
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
    el("td", {}, tr, state.lang === "zh" ? `${kpiLabel(k, v)}（${unit(k.unit)}）` : `${kpiLabel(k, v)} (${unit(k.unit)})`);
    const [base, cur, diff, lo, hi] = fmtWithDiff(k.base, k.cur, k.diff, k.lo, k.hi);
    el("td", {}, tr, base);
    el("td", {}, tr, cur);
    diffCell(tr, k, [diff, lo, hi]);
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
  queueChart(v);
  barChart($("chart-lead"), v.kpis.filter((k) => k.key.startsWith("lead_")));
  drawMap(v);
  summary(st);
  $("command").textContent = st.command;
  $("command-file").textContent = st.command_file;
  $("diff").textContent = st.diff || t("no_change");
  $("download").href = `download/scenario.yaml?job=${st.job}`;
  document.body.dataset.rendered = st.job + ":" + st.done;
}

// the daily queue at the crossing: the trains served (solid), and, dashed over the days some
// are, with the trains still waiting when the run ends (in no crossings row: the summary lists
// each with its arrival), said in the note as held by a closure or queued at the open crossing
function queueChart(v) {
  const q = v.queue, series = [{ values: q.base, colour: BASE, name: t("baseline") }, { values: q.cur, colour: CUR, name: t("current") }];
  const parts = [];
  for (const [side, colour, word] of [["base", BASE, "baseline"], ["cur", CUR, "current"]]) {
    const wait = q[side + "_waiting"] || [];
    if (!wait.some((x) => x > TINY)) continue;
    // from the day before the first still waiting, so that the dashed line leaves the solid one
    const vals = q[side].map((x, i) => (wait[i] > TINY || wait[i + 1] > TINY ? x + (wait[i] || 0) : null));
    series.push({ values: vals, below: q[side], colour, dash: "5 3", cls: `still still-${side}`, name: t("still_part", { side: t(word) }) });
    const h = v.held && v.held[side], u = v.queued && v.queued[side];
    if (h) parts.push(t("still_held_part", { side: t(word), n: fmt(h.trains) }));
    if (u) parts.push(t("still_queued_part", { side: t(word), n: fmt(u.trains) }));
  }
  timeChart($("chart-queue"), series, 24, t("trains"));
  $("queue-note").textContent = parts.length ? t("queue_still", { parts: parts.join(t("list_sep")) }) : "";
}

// said: the difference and its interval as written (fmtWithDiff, beside the two values)
function diffCell(tr, k, said) {
  const v = verdict(k), maybe = v && unclear(k);
  const td = el("td", { class: v + (maybe ? " unclear" : ""), "data-verdict": v }, tr, diffText(k, said));
  if (v) el("span", { class: "verdict" }, td, " " + t(v) + (maybe ? t("maybe_chance") : ""));
}

function diffText(k, said) {
  if (k.diff === null || k.diff === undefined) return "–";
  const [diff, lo, hi] = said || [fmt(k.diff), fmt(k.lo), fmt(k.hi)];
  const sign = k.diff > TINY && diff !== "0" ? "+" : "";
  if (k.lo === null || k.n < 2) return state.lang === "zh" ? `${sign}${diff}（${t("one_run")}）` : `${sign}${diff} (${t("one_run")})`;
  return `${sign}${diff} [${lo}, ${hi}]${sure(k) ? " *" : ""}`;
}

// ---- what changed against the baseline, in words ------------------------------------------
function valueWords(c, x) {
  if (c.kind === "choice") return choiceName(c, x);
  // a unit the label says already ("Trains per week, L01: 2 → 0.5", "Trains served at once:
  // 2 → 1") is left out, and a unit's note ("days (negative: before)") is for the control
  const said = c.unit.startsWith("per ") || c.unit === "trains" || c.unit === "share of orders";
  const u = c.unit && !said ? unit(c.unit, fmt(x, 3)).split(/ \(|（/)[0] : "";
  return u ? t("value_unit", { v: fmt(x, 3), unit: u }) : fmt(x, 3);
}
// the page's closure in one phrase: where, from when, how long, and when its end was told
const CLOSURE_KEYS = ["seed", "replications", "closure.start", "closure.days", "closure.end_told_days", "closure.expected_days"];
// the rules that read the network's live state, the only ones a closure's end told late changes
const LIVE = { "mode_choice.rule": "live", "consolidation.rollover": "live", "pricing.rule": "live", "train_routing": "avoid_closed" };
function closureWords(s) {
  let words = t("sum_closure", { name: nodeName(s.crossing), start: dayWords(s["closure.start"]), days: s["closure.days"] });
  const told = s["closure.end_told_days"] || 0, expected = s["closure.expected_days"] || 0;
  if (told > 0) {
    words += t("sum_closure_told", { days: told });
    words += expected > 0 ? t("sum_closure_expected", { days: fmt(expected, 1) }) : t("sum_closure_open");
    if (!Object.entries(LIVE).some(([k, v]) => s[k] === v)) words += t("sum_closure_not_live");
  }
  return words;
}
function summary(st) {
  const box = $("summary-text"), v = st.views, s = st.setting || state.setting, base = state.init.setting;
  box.textContent = "";
  const changes = [];
  for (const c of state.init.controls) {
    if (CLOSURE_KEYS.includes(c.key) || s[c.key] === base[c.key]) continue;
    changes.push(t("sum_setting", { label: state.lang === "zh" ? c.label_zh : c.label, base: valueWords(c, base[c.key]), cur: valueWords(c, s[c.key]) }));
  }
  if (s["closure.days"] > 0) changes.push(closureWords(s));
  if (!changes.length) { el("p", { id: "summary-changed" }, box, t("sum_none")); heldWords(box, v); return; }
  el("p", { id: "summary-changed" }, box, t("sum_changed", { list: changes.join(t("list_sep")) }));
  const moved = [], chance = [], same = [];
  for (const k of [...v.kpis, ...v.last_safe]) {
    if (k.diff === null || k.diff === undefined) continue;
    const safe = k.key.startsWith("last_safe_day."), who = safe ? lineName(k.key.split(".")[1]) : kpiLabel(k, v);
    if (Math.abs(k.diff) < TINY) same.push(safe ? t("sum_safe_name", { line: who }) : who);
    else if (unclear(k)) chance.push(safe ? t("sum_safe_name", { line: who }) : who);
    else {
      // the days between the two dates the sentence names: the mean paired difference (55.3,
      // in the table) read "55 days earlier, 18 Nov 2025 instead of 13 Jan 2026", 56 days
      // apart, each date being its own mean rounded to a day
      const apart = safe ? daysApart(k.base_date, k.cur_date) : 0;
      const shift = apart || k.diff;
      const vd = verdict(k), words = safe
        ? t(shift > 0 ? "sum_safe_later" : "sum_safe_earlier", { line: who, n: fmt(Math.abs(shift), 0), base: dayWords(k.base_date), cur: dayWords(k.cur_date) })
        : t(k.diff > 0 ? "sum_rose" : "sum_fell", { name: who, base: fmtWithDiff(k.base, k.cur, k.diff, k.lo, k.hi)[0], cur: fmtWithDiff(k.base, k.cur, k.diff, k.lo, k.hi)[1], unit: unit(k.unit, fmt(k.cur)) });
      moved.push({ words: words + (vd ? t("sum_verdict", { v: t(vd) }) : ""), vd });
    }
  }
  const n = st.done;
  // one pair so far: no interval yet (more are running), or none at all (one replication)
  el("p", { id: "summary-how" }, box, n >= 2 ? t("sum_clear", { n }) : t(st.total > 1 ? "sum_first_run" : "sum_one_run", { total: st.total }));
  const ul = el("ul", { id: "summary-moved" }, box);
  for (const m of moved) el("li", { class: m.vd }, ul, m.words);
  if (!moved.length) el("li", {}, ul, t("sum_nothing_clear"));
  heldWords(box, v);
  if (chance.length) el("p", { id: "summary-chance" }, box, t("sum_chance", { list: chance.join(t("list_sep")) }));
  if (same.length) el("p", { id: "summary-same" }, box, t("sum_same", { list: same.join(t("list_sep")) }));
}

// the trains a closed crossing still holds when the run ends: in no crossings row, so neither
// the wait nor the queue of the trains served shows them; said for each side that has them
function heldWords(box, v) {
  for (const side of ["cur", "base"]) {
    const h = v.held && v.held[side];
    if (!h) continue;
    el("p", { id: side === "cur" ? "summary-held" : "summary-held-base", class: "held" }, box, t("sum_held", {
      who: side === "base" ? t("sum_held_base") : "", end: longDate(dateAt(h.end_h - 1)), name: nodeName(h.crossing),
      reopens: heldReopens(h), n: fmt(h.trains), yiwu: fmt(h.yiwu_trains), runs: h.n > 1 ? t("held_runs", { n: h.n }) : "",
      ...waitedWords(h),
    }));
  }
  // open again at the end, every server busy: the backlog still queued, apart from the held
  for (const side of ["cur", "base"]) {
    const q = v.queued && v.queued[side];
    if (!q) continue;
    el("p", { id: side === "cur" ? "summary-queued" : "summary-queued-base", class: "held" }, box, t("sum_queued", {
      who: side === "base" ? t("sum_held_base") : "", end: longDate(dateAt(q.end_h - 1)), name: nodeName(q.crossing),
      n: fmt(q.trains), yiwu: fmt(q.yiwu_trains), runs: q.n > 1 ? t("held_runs", { n: q.n }) : "",
      ...waitedWords(q),
    }));
  }
}
