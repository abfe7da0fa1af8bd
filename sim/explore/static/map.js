// yiwu-sim explorer: the map of the lines (width by TEU carried, the crossings sized by their
// wait, labels placed where they overlap nothing) and the season's animation of the trains.

import { writeAddress } from "./address.js";
import { drawDetail, drawDetailNow, select } from "./detail.js";
import { QSIZE, crossingReason, lineColour, linePath, nodeR, placeOf, queueBox, queueTop, takenPath, trainAt } from "./geometry.js";
import { $, CHOSEN, QUEUE, SERVED, STILL, el, state } from "./page.js";
import { clock, dateAt, fmt, lineName, longDate, nodeName, t } from "./words.js";

export function drawMap(v) {
  const m = state.init.map, svg = $("map");
  svg.setAttribute("viewBox", `0 0 ${m.width} ${m.height}`);
  svg.textContent = "";
  const land = el("svg:g", { class: "outline" }, svg);
  for (const d of m.outline) el("svg:path", { d }, land);
  const maxTeu = Math.max(1, ...Object.values(v.line_teu.cur));
  for (const [lid, L] of Object.entries(m.lines)) {
    const width = 1.5 + 8 * ((v.line_teu.cur[lid] || 0) / maxTeu);
    const p = el("svg:path", { d: linePath(lid), fill: "none", stroke: lineColour(lid), "stroke-width": width, "stroke-opacity": 0.6, "stroke-dasharray": L.mode === "sea" ? "8 6" : "", "data-line": lid, class: "line clickable" }, svg);
    el("svg:title", {}, p, `${lineName(lid)}: ${fmt(v.line_teu.cur[lid] || 0, 0)} TEU`);
    p.addEventListener("click", () => select(lid));
  }
  const obstacles = [];
  for (const [id, n] of Object.entries(m.nodes)) {
    if (n.kind === "waypoint") continue;
    const wait = v.waits[id];
    const border = n.kind === "border";
    const r = border ? 4 + Math.min(10, Math.sqrt(wait || 0) * 2) : 5;
    nodeR[id] = r;
    const gauge = state.season && state.season.waits && state.season.waits.crossings[id] && state.season.waits.crossings[id].gauge;
    if (border && gauge) el("svg:circle", { cx: n.xy[0], cy: n.xy[1], r: r + 2.5, fill: "none", stroke: "#555", "stroke-width": 1 }, svg);
    const c = el("svg:circle", { cx: n.xy[0], cy: n.xy[1], r, fill: border ? (id === state.setting.crossing ? CHOSEN : "#555") : "#1f3b57", id: `node-${id}`, "data-node": id, class: (border || n.kind === "origin") ? "clickable" : "" }, svg);
    const held = v.held_trains && v.held_trains[id];  // a closure the run ends in
    const queued = v.queued_trains && v.queued_trains[id];  // open at the end, every server busy
    el("svg:title", {}, c, `${nodeName(id)}${wait !== undefined ? ` · ${t("tip_wait", { v: fmt(wait) })}` : ""}${held ? ` · ${t("tip_held", { n: fmt(held) })}` : ""}${queued ? ` · ${t("tip_queued", { n: fmt(queued) })}` : ""}`);
    if (border || n.kind === "origin") c.addEventListener("click", () => select(id));
    obstacles.push([n.xy[0] - r - 1, n.xy[1] - r - 1, n.xy[0] + r + 1, n.xy[1] + r + 1]);
    if (border || n.kind === "origin") obstacles.push(queueBox(id, n));
  }
  placeLabels(svg, obstacles);
  el("svg:g", { id: "anim" }, svg);
  mapLegend(maxTeu);
  drawFrame();
}

// greedy placement with measured text: each label tries spots around its point at growing
// distances (with a leader line when away from it) and takes the first that overlaps no label,
// no point, no queue and stays on the map; a label that fits nowhere is left to the tooltip
function placeLabels(svg, obstacles) {
  const m = state.init.map, g = el("svg:g", { class: "labels" }, svg);
  const boxes = obstacles.slice();
  const hit = (b) => b[0] < 2 || b[1] < 2 || b[2] > m.width - 2 || b[3] > m.height - 2 ||
    boxes.some((o) => !(b[2] <= o[0] || o[2] <= b[0] || b[3] <= o[1] || o[3] <= b[1]));
  const order = Object.entries(m.nodes).filter(([, n]) => n.kind !== "waypoint")
    .sort((a, b) => ({ origin: 0, border: 1, port: 2, destination: 3, hub: 4 }[a[1].kind] ?? 5) - ({ origin: 0, border: 1, port: 2, destination: 3, hub: 4 }[b[1].kind] ?? 5));
  for (const [id, n] of order) {
    const name = nodeName(id).replace(/\s*[（(].*[)）]\s*$/, "");
    const text = el("svg:text", { "font-size": 12, class: "label", "data-node": id }, g, name);
    const tw = text.getComputedTextLength ? text.getComputedTextLength() : 7 * name.length;
    const th = 12;
    let placed = null;
    for (const dist of [8, 18, 30, 46, 64]) {
      for (const [ux, uy] of [[1, 0.6], [1, -0.2], [-1, 0.6], [-1, -0.2], [0, 1.4], [0, -1.6], [1, 1.2], [-1, 1.2], [1, -1], [-1, -1]]) {
        const ax = n.xy[0] + ux * dist, ay = n.xy[1] + uy * dist;
        const x0 = ux > 0 ? ax : ux < 0 ? ax - tw : ax - tw / 2;
        const b = [x0 - 2, ay - th / 2 - 3, x0 + tw + 2, ay + th / 2 + 2];  // with the white halo
        if (!hit(b)) { placed = { x0, ay, b, dist }; break; }
      }
      if (placed) break;
    }
    if (!placed) { text.remove(); continue; }
    text.setAttribute("x", placed.x0);
    text.setAttribute("y", placed.ay + 4);
    boxes.push(placed.b);
    if (placed.dist > 8) {
      const lx = Math.max(placed.b[0], Math.min(n.xy[0], placed.b[2])), ly = Math.max(placed.b[1], Math.min(n.xy[1], placed.b[3]));
      g.insertBefore(el("svg:line", { x1: n.xy[0], y1: n.xy[1], x2: lx, y2: ly, stroke: "#888", "stroke-width": 0.7 }), text);
    }
  }
}

function swatch(parent, draw) {
  const s = el("svg:svg", { width: 28, height: 14, viewBox: "0 0 28 14" }, parent);
  draw(s);
  return s;
}
function mapLegend(maxTeu) {
  const box = $("map-legend");
  box.textContent = "";
  const item = (draw, text) => { const d = el("span", { class: "item" }, box); swatch(d, draw); el("span", {}, d, text); };
  item((s) => el("svg:line", { x1: 2, y1: 7, x2: 26, y2: 7, stroke: "#1c7ed6", "stroke-width": 8, "stroke-opacity": 0.6 }, s), t("legend.width", { teu: fmt(maxTeu, 0) }));
  item((s) => el("svg:line", { x1: 2, y1: 7, x2: 26, y2: 7, stroke: "#1c7ed6", "stroke-width": 3, "stroke-dasharray": "5 3" }, s), t("legend.colour"));
  item((s) => { el("svg:circle", { cx: 14, cy: 7, r: 6, fill: "none", stroke: "#555" }, s); el("svg:circle", { cx: 14, cy: 7, r: 4, fill: "#555" }, s); }, t("legend.crossing"));
  item((s) => el("svg:circle", { cx: 14, cy: 7, r: 5, fill: CHOSEN }, s), t("legend.chosen"));
  item((s) => el("svg:circle", { cx: 14, cy: 7, r: 4, fill: "#1c7ed6", stroke: "#fff" }, s), t("legend.train"));
  item((s) => el("svg:rect", { x: 10, y: 3, width: QSIZE, height: QSIZE, fill: QUEUE }, s), t("legend.queue"));
  item((s) => el("svg:rect", { x: 10, y: 3, width: QSIZE, height: QSIZE, fill: SERVED }, s), t("legend.served"));
  if (state.season && state.season.moves.some((mv) => mv.path)) {
    item((s) => el("svg:line", { x1: 2, y1: 7, x2: 26, y2: 7, stroke: "#1c7ed6", "stroke-width": 2.5, "stroke-dasharray": "6 4" }, s), t("legend.detour"));
  }
  if (state.season && state.season.moves.some((mv) => mv.waits_at_end)) {
    item((s) => el("svg:rect", { x: 10, y: 3, width: QSIZE, height: QSIZE, fill: STILL }, s), t("legend.still"));
  }
  el("span", { class: "item credit" }, box, t("outline_credit"));
  for (const [lid] of Object.entries(state.init.map.lines)) {
    const d = el("span", { class: "item clickable", "data-line": lid }, box);
    swatch(d, (s) => el("svg:line", { x1: 2, y1: 7, x2: 26, y2: 7, stroke: lineColour(lid), "stroke-width": 4 }, s));
    el("span", {}, d, lineName(lid));
    d.addEventListener("click", () => select(lid));
  }
}

// ---- the season: the date slider and the animation ----------------------------------------
export function seasonSlider() {
  const s = $("date-slider");
  s.max = state.season.days * 24;
  if (state.frameT !== null && state.frameT <= state.season.days * 24) s.value = state.frameT;
  else if (Number(s.value) > state.season.days * 24) s.value = 0;
}
export function setupSeason(redraw) {
  seasonSlider();
  if (state.lastState && redraw !== false) drawMap(state.lastState.views);
  drawFrame();
  drawDetail();
}

// a train's dot keeps its tooltip, but a click on it is meant for what it covers (Yiwu, as the
// train leaves, or its line): the click goes to the first element beneath that is no train's
// dot (two trains leaving at one hour share a spot: passing it dot to dot would never end)
function passClick(ev) {
  const under = document.elementsFromPoint(ev.clientX, ev.clientY).find((e) => !e.classList.contains("train"));
  if (under) under.dispatchEvent(new MouseEvent("click", { bubbles: true, clientX: ev.clientX, clientY: ev.clientY }));
}

// the trains at the slider's hour: moving dots, and squares queueing or being served
export function drawFrame() {
  const g = $("anim");
  if (!g || !state.season) return;
  g.textContent = "";
  const t0 = state.frameT === null ? 0 : Math.min(state.frameT, state.season.days * 24);
  $("date-slider").value = t0;
  const day = Math.min(state.season.days - 1, Math.floor(t0 / 24));
  $("date-label").textContent = longDate(dateAt(day * 24));
  let moving = 0;
  const queues = {};
  const detours = new Set();  // each path round a closed crossing drawn once, under the dots
  const under = el("svg:g", { class: "detours" }, g);
  for (const mv of state.season.moves) {
    const p = trainAt(mv, t0);
    if (!p) continue;
    moving++;
    const d = takenPath(mv);
    if (d && !detours.has(`${mv.line} ${d}`)) {  // a train under way round a closed crossing
      detours.add(`${mv.line} ${d}`);
      drawDetour(under, mv, d);
    }
    if (p.state === "moving") {
      const dot = el("svg:circle", { cx: p.xy[0], cy: p.xy[1], r: mv.kind === "sailing" ? 5 : 4, fill: lineColour(mv.line), stroke: "#fff", "stroke-width": 1, class: "train" }, g);
      dot.appendChild(el("svg:title", {}, null, `${lineName(mv.line)} · ${t("train")} ${mv.id} · ${mv.teu}/${mv.capacity} TEU`));
      dot.addEventListener("click", passClick);
    } else (queues[p.at] = queues[p.at] || []).push([mv, p]);
  }
  for (const [b, list] of Object.entries(queues)) {
    const n = placeOf(b);
    if (!n) continue;
    list.sort((a, c) => (a[1].state === c[1].state ? a[1].since - c[1].since : a[1].state === "served" ? -1 : 1));
    list.forEach(([mv, p], i) => {
      const col = i % 6, row = Math.floor(i / 6);
      const x = n.xy[0] - QSIZE / 2 + col * (QSIZE + 1), y = queueTop(b, n) - (row + 1) * (QSIZE + 1);
      const why = p.state === "queue" ? t("reason." + crossingReason(b, mv.id)) : t(state.season.waits.crossings[b] && state.season.waits.crossings[b].gauge ? "reason.gauge" : "reason.customs");
      // a train still waiting here when the run ends: its own colour, all the way to the end
      const still = p.state === "queue" && mv.waits_at_end && mv.waits_at_end[0] === b;
      const fill = still ? STILL : p.state === "queue" ? QUEUE : SERVED;
      el("svg:rect", { x, y, width: QSIZE, height: QSIZE, fill, stroke: lineColour(mv.line), "stroke-width": 1.2, class: p.state === "queue" ? (still ? "queued still" : "queued") : "served", "data-node": b }, g)
        .appendChild(el("svg:title", {}, null, `${lineName(mv.line)} · ${t("train")} ${mv.id} · ${t("since")} ${clock(p.since)} · ${why}${still ? ` · ${t("tip_still")}` : ""}`));
    });
  }
  const open = state.season.market_open[day];
  const parts = [longDate(dateAt(day * 24)), t("under_way", { n: moving })];
  const yardTeu = Object.values(state.season.waits.yard).reduce((a, y) => a + (y.box[day] || 0) + (y.departure[day] || 0) + (y.full[day] || 0), 0);
  parts.push(t("yard_now", { teu: fmt(yardTeu, 0) }));
  if (!open) parts.push(t("market_closed"));
  const fs = $("frame-status");
  fs.textContent = parts.join(" · ");
  fs.classList.toggle("closed", !open);
  g.dataset.frame = String(t0);
  drawDetailNow();
}

// the path a train took round a closed crossing, dashed in its line's colour, with the
// crossings on it that no line of the map passes (a circle each, named in its tooltip)
function drawDetour(g, mv, d) {
  const p = el("svg:path", { d, fill: "none", stroke: lineColour(mv.line), "stroke-width": 2.5, "stroke-dasharray": "6 4", class: "detour", "data-line": mv.line }, g);
  el("svg:title", {}, p, `${lineName(mv.line)} · ${t("tip_detour")}`);
  for (const id of mv.path) {
    const n = placeOf(id);
    if (state.init.map.nodes[id] || n.kind !== "border") continue;
    const c = el("svg:circle", { cx: n.xy[0], cy: n.xy[1], r: 4, fill: "#fff", stroke: "#555", "stroke-width": 1.5, class: "detour-crossing", "data-node": id }, g);
    el("svg:title", {}, c, nodeName(id));
  }
}

let playTimer = null;
export function togglePlay() {
  state.playing = !state.playing;
  $("play").textContent = t(state.playing ? "pause" : "play");
  clearInterval(playTimer);
  if (state.playing) {
    playTimer = setInterval(() => {
      if (!state.season) return;
      const next = (state.frameT || 0) + 6;
      state.frameT = next > state.season.days * 24 ? 0 : next;
      drawFrame();
    }, 60);
  } else writeAddress();
}
