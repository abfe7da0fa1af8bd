// yiwu-sim explorer: every word, number and date the page shows, in the reader's language.
// The words come from the glossary the server sends (sim/explore/i18n.py) in English or Chinese.

import { state } from "./page.js";

// a count as it reads: 1 or "1" is one ("1.0" and "1,000" are not), as the glossary's is_one
export const isOne = (v) => (typeof v === "string" ? v.trim() === "1" : typeof v === "number" && v === 1);
// an entry that counts (its field `count`) has a form for one ("1 train ... was"), as gettext's
// ngettext chooses; a language without one (Chinese has no plural) says its only form
export function form(entry, lang, vars) {
  const L = entry[lang] ? lang : "en";
  if (entry.count && isOne((vars || {})[entry.count])) return entry[`${L}_one`] || entry[L];
  return entry[L];
}
export function t(key, vars) {
  const entry = (state.init && state.init.i18n[key]) || null;
  let s = entry ? form(entry, state.lang, vars) : key;
  for (const [k, v] of Object.entries(vars || {})) s = s.split(`{${k}}`).join(v);
  return s;
}
// a value named alike by several policies ("fixed") reads as it means for this control
export const choiceName = (c, x) => (state.init.i18n[`choice.${c.key}.${x}`] ? t(`choice.${c.key}.${x}`) : t("choice." + x));
const locale = () => (state.lang === "zh" ? "zh-CN" : "en");
// below 1, two significant digits: a queue of 0.03 trains must not read "0" beside "worse"
export const TINY = 1e-9;  // a float's noise, not a difference
export function fmt(v, nd) {
  if (v === null || v === undefined) return "–";
  const x = Math.abs(v) < TINY ? 0 : Number(v);
  const small = nd === undefined && x !== 0 && Math.abs(x) < 0.95;
  return x.toLocaleString(locale(), small ? { maximumSignificantDigits: 2 } : { maximumFractionDigits: nd === undefined ? 1 : nd });
}
// numbers read side by side (a baseline and the setting) with one number of decimals: the
// rail lead time "up from 20 to 23.1 days" was 19.97 against 23.1 (a zero dropped, not a
// rounder number); a zero stays "0"
export function fmtAlike(values) {
  const said = values.map((v) => fmt(v));
  const dec = Math.max(0, ...said.map((s) => ((s.match(/\.(\d+)$/) || ["", ""])[1]).length));  // (both locales write "." for the decimals, "," between thousands)
  return values.map((v, i) => {
    if (v === null || v === undefined || Math.abs(v) < TINY || dec === 0) return said[i];
    return Number(v).toLocaleString(locale(), { minimumFractionDigits: dec, maximumFractionDigits: dec });
  });
}
// a baseline, a setting and their difference (with its interval), read side by side: each
// rounded on its own, 6.04 and 4.57 trains a week read "6.0" and "4.6" beside a difference of
// "-1.5" (-1.47), which a reader checks by subtracting and gets -1.4. The three take one number
// of decimals, those of the two values (fmtAlike) or the difference's own if it needs more
// (0.03 beside 20.0 and 20.0), and one more at a time until the values as shown subtract to the
// difference as shown; the numbers are the true ones, written finer, not the difference
// recomputed from rounded values, which would move it off the middle of its interval. After
// three more decimals (rare: the rounding errors of both values cancel by then) the difference
// is that of the values shown, an error beyond the last digit. A zero stays "0", no value "–".
export function fmtWithDiff(base, cur, diff, lo, hi) {
  const places = (s) => ((s.match(/\.(\d+)$/) || ["", ""])[1]).length;
  const [b, c] = fmtAlike([base, cur]);
  if (diff === null || diff === undefined) return [b, c, fmt(diff), fmt(lo), fmt(hi)];
  const known = (v) => v !== null && v !== undefined;
  const start = Math.max(places(b), places(c), places(fmt(diff)));
  const round = (v, n) => (known(v) ? Number(Number(v).toFixed(n)) : 0);
  const write = (v, n) => {
    if (!known(v)) return "–";
    if (Math.abs(v) < TINY) return "0";
    return Number(v).toLocaleString(locale(), { minimumFractionDigits: n, maximumFractionDigits: n });
  };
  const apart = (n) => round(cur, n) - round(base, n);
  const agree = (n) => Math.abs(apart(n) - round(diff, n)) < 0.5 * 10 ** -n;
  let n = start;
  while (n < start + 3 && !agree(n)) n++;
  const shown = agree(n) ? diff : apart(n);
  if (n === places(b) && n === places(c) && write(diff, n) === fmt(diff)) {
    return [b, c, fmt(diff), fmt(lo), fmt(hi)];  // as written before: they agree already
  }
  return [write(base, n), write(cur, n), write(shown, n), write(lo, n), write(hi, n)];
}
// hours in a table's column, to the tenth with its zero kept: the trains' service at a
// crossing read "18.1", "26", "32.3" down one column (26.0 written without its zero); a zero
// stays "0"
export function tenths(v) {
  if (v === null || v === undefined) return "–";
  if (Math.abs(v) < TINY) return "0";
  return Number(v).toLocaleString(locale(), { minimumFractionDigits: 1, maximumFractionDigits: 1 });
}
export const nodeName = (id) => { const n = state.init.map.nodes[id] || (state.init.map.places || {})[id]; return n ? (state.lang === "zh" ? n.name_zh : n.name) : id; };
export const lineName = (lid) => { const L = state.init.map.lines[lid]; return L ? `${lid} ${state.lang === "zh" ? L.name_zh : L.name}` : lid; };
// a unit after the number n it counts: "1 day", "2 days"
export const unit = (u, n) => (u ? t("unit." + u, { n }) : "");
// dates: the run's start plus hours; shown as "1 Oct" or "10月1日"
export function dateAt(hours) {
  const d = new Date(state.init.start + "T00:00:00Z");
  d.setUTCHours(d.getUTCHours() + Math.floor(hours));
  return d;
}
export function shortDate(d) {
  return state.lang === "zh" ? `${d.getUTCMonth() + 1}月${d.getUTCDate()}日`
    : d.toLocaleDateString("en-GB", { day: "numeric", month: "short", timeZone: "UTC" });
}
export function longDate(d) {
  return state.lang === "zh" ? `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日`
    : d.toLocaleDateString("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });
}
// the hour and its minutes: "4 Dec 01:00" for a train in at 01:12 that waited 262.8 h read as
// served 12 minutes before the crossing reopened at midnight
export const clock = (h) => {
  const m = Math.floor(h * 60 + 1e-6);
  return `${shortDate(dateAt(m / 60))} ${String(Math.floor(m / 60) % 24).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`;
};

// [what is wrong in the page's words, or "", and the typed value]
export function checkValue(c, raw) {
  let v = raw;
  if (c.kind === "number" || c.kind === "integer") {
    const x = Number(v);
    if (v === "" || v === null || !Number.isFinite(x)) return [t("type_number"), v];
    if (x < c.min || x > c.max) return [t("from_to", { min: c.min, max: `${c.max}${c.unit ? " " + unit(c.unit) : ""}` }), v];
    if (c.kind === "integer" && !Number.isInteger(x)) return [t("whole_number"), v];
    v = x;
  }
  if (c.kind === "date" && (!v || v < c.min || v > c.max)) return [t("date_range", { min: c.min, max: c.max }), v];
  if (c.kind === "choice" && !c.choices.includes(v)) return [t("choose_one", { list: c.choices.map((x) => choiceName(c, x)).join(t("list_sep")) }), v];
  return ["", v];
}

export const dayWords = (iso) => (iso ? longDate(new Date(iso + "T00:00:00Z")) : t("none_safe"));
// when a crossing closed at the run's end reopens (a closure with no end: none known)
export function heldReopens(h) {
  return h.reopens_h === null || h.reopens_h === undefined ? t("held_no_reopen") : t("held_reopens", { date: longDate(dateAt(h.reopens_h)) });
}
// how long trains still waiting at the end have waited, each number with its unit as it reads
// ("1 hour", "2.5 hours"): the words of a held or queued sentence
export function waitedWords(h) {
  const mean = fmt(h.waited_h_mean), max = fmt(h.waited_h_max);
  return { mean, max, mean_unit: unit("hours", mean), max_unit: unit("hours", max) };
}
