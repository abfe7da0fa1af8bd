// yiwu-sim explorer: who waits where, and why. The detail card of the map element chosen: its
// chart over the season, its worst waits, and who is there at the animation's date.

import { kindOf, writeAddress } from "./address.js";
import { timeChart } from "./charts.js";
import { crossingReason, lineColour, trainAt } from "./geometry.js";
import { $, QUEUE, REASON_COLOUR, SERVED, STILL, el, state } from "./page.js";
import { clock, dateAt, fmt, heldReopens, lineName, longDate, nodeName, t, tenths, waitedWords } from "./words.js";

// a click on the map: a crossing, a line or the yard
export function select(id) {
  state.selected = id;
  writeAddress();
  drawDetail();
  document.querySelectorAll("#map .selected").forEach((e) => e.classList.remove("selected"));
  const e = document.querySelector(`#map [data-node="${id}"], #map path[data-line="${id}"]`);
  if (e) e.classList.add("selected");
}

// the chart and the worst waits of the chosen crossing, line or yard
export function drawDetail() {
  const box = $("detail");
  const kind = kindOf(state.selected);
  box.dataset.kind = kind || "";
  box.dataset.selected = state.selected || "";
  const chart = $("detail-chart"), leg = $("detail-legend");
  chart.textContent = ""; leg.textContent = "";
  for (const id of ["detail-now", "detail-worst"]) { $(id).tHead.textContent = ""; $(id).tBodies[0].textContent = ""; }
  $("detail-now-title").textContent = ""; $("detail-worst-title").textContent = "";
  chart.style.display = kind && state.season ? "" : "none";
  if (!kind || !state.season) { $("detail-title").textContent = t("detail_hint"); return; }
  const w = state.season.waits, marker = state.frameT || 0;
  if (kind === "crossing") {
    const c = w.crossings[state.selected];
    $("detail-title").textContent = t("detail_title", { name: nodeName(state.selected) });
    if (!c) return;
    // the trains still waiting when the run ends (in no row of the trains served): a part of
    // their own between the queue and the served, from the summary's list of their arrivals
    const still = (c.waiting_day || []).some((x) => x > 0);
    el("p", { class: "note" }, leg, t(still ? "detail_queue_still" : "detail_queue", { name: nodeName(state.selected) }));
    const parts = [{ values: c.queue_day, colour: QUEUE, name: t("legend.queue") }];
    if (still) parts.push({ values: c.waiting_day, colour: STILL, name: t("legend.still") });
    parts.push({ values: c.served_day, colour: SERVED, name: t("legend.served") });
    timeChart(chart, parts, 24, t("trains"), { stacked: true, marker });
    if (c.closed_h.length) el("p", {}, leg, t("closed_days", { ranges: c.closed_h.map(([a, b]) => `${longDate(dateAt(a))} – ${longDate(dateAt(b - 1))}`).join(", ") }));
    // the Yiwu trains that went round it while closed (avoid_closed): in no row of this crossing
    const went = c.detoured || [];
    if (went.length) el("p", { id: "detail-detoured" }, leg, t("detail_detoured", { n: fmt(went.length), km: fmt(went.reduce((a, r) => a + r[2], 0), 0), name: nodeName(state.selected) }));
    const h = c.held;  // still waiting at the closed crossing when the run ends: in no row
    if (h) el("p", { id: "detail-held", class: "held" }, leg, t("detail_held", { n: fmt(h.trains), yiwu: fmt(h.yiwu_trains), end: longDate(dateAt(h.end_h - 1)), reopens: heldReopens(h), ...waitedWords(h) }));
    const q = c.queued;  // still queued at the open crossing when the run ends, every server busy
    if (q) el("p", { id: "detail-queued", class: "held" }, leg, t("detail_queued", { n: fmt(q.trains), yiwu: fmt(q.yiwu_trains), end: longDate(dateAt(q.end_h - 1)), ...waitedWords(q) }));
    // the longest waits: the trains still waiting with their wait up to the end (at least)
    const endH = state.season.days * 24, waited = (r) => (r[3] !== null ? r[3] - r[2] : endH - r[2]);
    const worst = [...c.trains.filter((r) => r[3] !== null), ...stillRows(c)].filter((r) => waited(r) > 0.01).sort((a, b) => waited(b) - waited(a)).slice(0, 8);
    $("detail-worst-title").textContent = t("worst");
    trainTable($("detail-worst"), worst);
    if (!worst.length) el("td", { colspan: 6 }, el("tr", {}, $("detail-worst").tBodies[0]), t("nobody_season"));
  } else if (kind === "line") {
    const rows = w.lines[state.selected] || [];
    $("detail-title").textContent = t("detail_title", { name: lineName(state.selected) });
    const perDay = new Array(state.season.days).fill(0);
    for (const r of rows) if (r[1] !== null && r[5] !== null) perDay[Math.min(state.season.days - 1, Math.floor(r[1] / 24))] += r[5];
    el("p", { class: "note" }, leg, t("detail_line", { name: lineName(state.selected) }));
    timeChart(chart, [{ values: perDay, colour: lineColour(state.selected), name: t("border_wait") }], 24, t("hours"), { marker });
    $("detail-worst-title").textContent = t("worst");
    const worst = rows.filter((r) => r[5] > 0.01).sort((a, b) => b[5] - a[5]).slice(0, 8);
    const tb = $("detail-worst");
    head(tb, [t("train"), t("departed"), t("border_wait"), t("load")]);
    for (const r of worst) {
      const tr = el("tr", {}, tb.tBodies[0]);
      el("td", {}, tr, String(r[0])); el("td", {}, tr, clock(r[1])); el("td", {}, tr, fmt(r[5])); el("td", {}, tr, `${fmt(r[3], 0)}/${r[4]} TEU`);
    }
    if (!worst.length) el("td", { colspan: 4 }, el("tr", {}, tb.tBodies[0]), t("nobody_line"));
  } else {
    $("detail-title").textContent = t("detail_title", { name: t("yard") });
    const sum = (k) => { const out = new Array(state.season.days).fill(0); for (const y of Object.values(w.yard)) y[k].forEach((v, i) => (out[i] += v)); return out; };
    el("p", { class: "note" }, leg, t("detail_yard"));
    timeChart(chart, ["box", "departure", "full"].map((k) => ({ values: sum(k), colour: REASON_COLOUR[k], name: t("reason." + k) })), 24, t("teu_waiting"), { stacked: true, marker });
  }
  drawDetailNow();
}

// `words`: the columns that hold words (a line, a place, a reason), read from the left like
// their heading; numbers and dates stay right-aligned
function head(table, names, words) {
  table.tHead.textContent = "";
  table.dataset.words = (words || []).join(" ");
  const tr = el("tr", {}, table.tHead);
  for (const n of names) el("th", {}, tr, n);
}
function alignWords(table) {
  const cols = (table.dataset.words || "").split(" ").filter(Boolean).map(Number);
  for (const row of table.rows) for (const i of cols) if (row.cells.length > i) row.cells[i].classList.add("words");
}

// the Yiwu trains still waiting at the crossing when the run ends, as rows of the table: no
// start or end of service, and whether a closure holds them or they queue at the open crossing
function stillRows(c) {
  return (c.waiting_at_end || []).filter((r) => r[0] >= 0).map(([did, line, a, why, kind]) => [did, line, a, null, null, why, kind]);
}

// tNow (the table of the animation's moment): a train being served then says so; every other
// row says what its service is, not "being served" beside a train that is still waiting
function trainTable(table, rows, tNow = null) {
  head(table, [t("train"), t("line"), t("arrived"), t("waited_h"), t("why"), t("served_h")], [1, 4]);
  const gauge = state.season.waits.crossings[state.selected] && state.season.waits.crossings[state.selected].gauge;
  const endH = state.season.days * 24;
  for (const r of rows) {
    const [did, line, a, s, e, why, still] = r;
    const tr = el("tr", { "data-reason": why }, table.tBodies[0]);
    if (still) tr.dataset.still = still;
    el("td", {}, tr, String(did));
    el("td", {}, tr, lineName(line));
    el("td", {}, tr, clock(a));
    // still waiting: its wait up to the end, at least (it goes on)
    el("td", {}, tr, still ? `≥ ${tenths(endH - a)}` : s === null ? "–" : tenths(s - a));
    el("td", { class: "reason" }, tr, t("reason." + why));
    const now = tNow !== null && s !== null && s <= tNow && (e === null || tNow < e);
    const served = now ? t(gauge ? "reason.gauge" : "reason.customs") : t(gauge ? "service.gauge" : "service.customs");
    el("td", still ? { class: "words" } : {}, tr, still ? t(still === "held" ? "still.held" : "still.queued") : e === null || s === null ? "–" : state.lang === "zh" ? `${tenths(e - s)}（${served}）` : `${tenths(e - s)} (${served})`);
  }
  alignWords(table);
}

// a train that went round a closed crossing (avoid_closed): the closed crossings it went
// round, said beside "moving" (the map draws it dashed; the table said "moving" alone). Not
// every crossing of its line it missed: round Malaszewicze it also misses Brest, open.
function wentRound(mv) {
  if (!mv.path) return "";
  const round = Object.entries(state.season.waits.crossings).filter(([, c]) => (c.detoured || []).some((r) => r[0] === mv.id)).map(([b]) => b);
  return round.length ? t("reason.round", { names: round.map(nodeName).join(state.lang === "zh" ? "、" : ", ") }) : "";
}

// the table of who is there at the animation's date
export function drawDetailNow() {
  const kind = kindOf(state.selected);
  if (!kind || !state.season) return;
  const tNow = state.frameT || 0, day = Math.min(state.season.days - 1, Math.floor(tNow / 24));
  const table = $("detail-now");
  table.tBodies[0].textContent = "";
  const dateText = longDate(dateAt(day * 24));
  if (kind === "crossing") {
    $("detail-now-title").textContent = t("trains_here", { date: clock(tNow) });
    const c = state.season.waits.crossings[state.selected];
    const rows = (c ? [...c.trains, ...stillRows(c)] : []).filter((r) => r[2] !== null && r[2] <= tNow && (r[4] === null || tNow < r[4]));
    trainTable(table, rows, tNow);
    // other operators' trains still waiting at the end have no line to list them by: counted
    const others = c ? (c.waiting_at_end || []).filter((r) => r[0] < 0 && r[2] <= tNow).length : 0;
    if (others) el("td", { colspan: 6, class: "held" }, el("tr", { "data-others": others }, table.tBodies[0]), t("others_waiting", { n: fmt(others) }));
    else if (!rows.length) el("td", { colspan: 6 }, el("tr", {}, table.tBodies[0]), t("nobody"));
  } else if (kind === "line") {
    $("detail-now-title").textContent = t("trains_line", { date: dateText });
    head(table, [t("train"), t("status_col"), t("why"), t("progress"), t("waited_so_far")], [1, 2]);
    let any = false;
    for (const mv of state.season.moves) {
      if (mv.line !== state.selected) continue;
      const p = trainAt(mv, tNow);
      if (!p) continue;
      any = true;
      const tr = el("tr", { "data-state": p.state }, table.tBodies[0]);
      el("td", {}, tr, String(mv.id));
      el("td", {}, tr, p.state === "moving" ? t("state.moving") : t("state." + p.state, { name: nodeName(p.at) }));
      const why = p.state === "queue" ? t("reason." + crossingReason(p.at, mv.id)) : p.state === "served" ? t(state.season.waits.crossings[p.at] && state.season.waits.crossings[p.at].gauge ? "reason.gauge" : "reason.customs") : wentRound(mv);
      el("td", { class: "reason" }, tr, why);
      // how far through its journey, and how long it has queued so far (vidigi-style)
      const pct = mv.t1 > mv.t0 ? (100 * (tNow - mv.t0)) / (mv.t1 - mv.t0) : 0;
      const bar = el("td", { class: "progress" }, tr);
      el("span", { class: "bar", style: `width:${Math.round(pct)}%` }, el("span", { class: "track" }, bar));
      el("span", {}, bar, ` ${fmt(pct, 0)} %`);
      const waited = mv.stops.reduce((a, [, arr, st]) => a + (arr !== null && arr <= tNow ? Math.max(0, Math.min(tNow, st === null ? tNow : st) - arr) : 0), 0);
      el("td", {}, tr, tenths(waited));
    }
    if (!any) el("td", { colspan: 5 }, el("tr", {}, table.tBodies[0]), t("nobody"));
  } else {
    $("detail-now-title").textContent = t("yard_day", { date: dateText });
    head(table, [t("line"), t("reason.box"), t("reason.departure"), t("reason.full")]);
    for (const [lid, y] of Object.entries(state.season.waits.yard)) {
      const tr = el("tr", {}, table.tBodies[0]);
      el("td", {}, tr, lineName(lid));
      for (const k of ["box", "departure", "full"]) el("td", { "data-reason": k }, tr, fmt(y[k][day], 1));
    }
  }
  alignWords(table);
  const m = document.querySelector("#detail-chart .marker");
  if (m) {
    // move the marker without redrawing the chart
    const svg = $("detail-chart"), vb = svg.viewBox.baseVal, pad = 38;
    const n = state.season.days * 24;
    const x = pad + (tNow / n) * (vb.width - pad - 8);
    m.setAttribute("x1", x); m.setAttribute("x2", x);
  }
}
