// yiwu-sim explorer: controls, views and the season's animation, in plain JavaScript (no
// library, nothing from the internet). The server does the simulation and the statistics; this
// file draws what /api/job/<id> returns as SVG.
"use strict";
(function () {
  const NS = "http://www.w3.org/2000/svg";
  const BASE = "#8a8f98", CUR = "#d9480f";
  const LINE_COLOURS = ["#1c7ed6", "#2b8a3e", "#9c36b5", "#e67700", "#0b7285", "#c2255c"];
  let init = null, setting = {}, jobId = null, timer = null, debounce = null, season = null;
  let shownDone = -1, playing = false, playTimer = null;

  const $ = (id) => document.getElementById(id);
  function el(tag, attrs, parent, text) {
    const e = tag.startsWith("svg:") ? document.createElementNS(NS, tag.slice(4)) : document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
    if (text !== undefined) e.textContent = text;
    if (parent) parent.appendChild(e);
    return e;
  }
  const fmt = (v, nd) => (v === null || v === undefined ? "–" : Number(v).toLocaleString("en", { maximumFractionDigits: nd === undefined ? 1 : nd }));

  // ---- controls ---------------------------------------------------------------------------
  function buildControls() {
    const form = $("controls");
    const groups = {};
    const crossingField = () => {
      const c = el("div", { class: "control", id: "ctl-crossing" });
      el("label", { for: "in-crossing" }, c, "Crossing to study");
      const s = el("select", { id: "in-crossing", "data-key": "crossing" }, c);
      for (const [id, name] of Object.entries(init.crossings)) el("option", { value: id }, s, `${id} ${name}`);
      s.value = setting.crossing;
      s.addEventListener("change", () => { setting.crossing = s.value; showCrossing(); changed(); });
      el("div", { class: "err", id: "err-crossing" }, c);
      return c;
    };
    for (const c of init.controls) {
      if (!groups[c.group]) {
        groups[c.group] = el("fieldset", {}, form);
        el("legend", {}, groups[c.group], c.group);
        if (c.group === "Crossing") groups[c.group].appendChild(crossingField());
      }
      const box = el("div", { class: "control", id: `ctl-${c.key}` }, groups[c.group]);
      if (c.crossing) box.dataset.crossing = c.crossing;
      const id = `in-${c.key}`;
      const range = c.kind === "choice" ? c.choices.join(", ") : `${c.min} to ${c.max}`;
      const lab = el("label", { for: id, title: c.help }, box, c.label + " ");
      el("span", { class: "range" }, lab, `(${c.unit ? c.unit + ", " : ""}${range})`);
      const row = el("div", { class: "row" }, box);
      let input;
      if (c.kind === "choice") {
        input = el("select", { id }, row);
        for (const ch of c.choices) el("option", { value: ch }, input, ch);
      } else if (c.kind === "date") {
        input = el("input", { id, type: "date", min: c.min, max: c.max }, row);
      } else {
        const slider = el("input", { type: "range", min: c.min, max: c.max, step: c.step, "aria-label": c.label, id: `${id}-slider` }, row);
        input = el("input", { id, type: "number", min: c.min, max: c.max, step: c.step }, row);
        slider.value = c.value;
        slider.addEventListener("input", () => { input.value = slider.value; onInput(c, input); });
        input.addEventListener("change", () => { slider.value = input.value; });
      }
      input.dataset.key = c.key;
      input.value = setting[c.key];
      input.addEventListener(c.kind === "choice" || c.kind === "date" ? "change" : "input", () => onInput(c, input));
      el("div", { class: "err", id: `err-${c.key}` }, box);
      if (c.help) el("div", { class: "range" }, box, c.help);
    }
    showCrossing();
  }

  function onInput(c, input) {
    const err = $(`err-${c.key}`);
    let v = input.value;
    if (c.kind === "number" || c.kind === "integer") {
      const x = Number(v);
      if (v === "" || !Number.isFinite(x)) { err.textContent = "Type a number."; return; }
      if (x < c.min || x > c.max) { err.textContent = `From ${c.min} to ${c.max}${c.unit ? " " + c.unit : ""}.`; return; }
      if (c.kind === "integer" && !Number.isInteger(x)) { err.textContent = "A whole number."; return; }
      v = x;
    }
    err.textContent = "";
    setting[c.key] = v;
    $(`ctl-${c.key}`).classList.toggle("changed", v !== init.setting[c.key]);
    changed();
  }

  function showCrossing() {
    for (const box of document.querySelectorAll(".control[data-crossing]")) box.hidden = box.dataset.crossing !== setting.crossing;
    $("queue-caption").textContent = `Trains queueing at ${init.crossings[setting.crossing]}, daily mean`;
  }

  function changed() {
    clearTimeout(debounce);
    debounce = setTimeout(submit, 80);
  }

  async function submit() {
    setStatus("running", "Simulating the new setting…");
    let answer;
    try {
      const r = await fetch("api/run", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(setting) });
      answer = await r.json();
    } catch (e) { setStatus("error", "The explorer does not answer: is `yiwu-sim explore` still running?"); return; }
    $("problems").textContent = "";
    document.querySelectorAll(".err").forEach((e) => (e.textContent = ""));
    if (!answer.ok) {
      for (const [k, msg] of Object.entries(answer.problems || {})) {
        const e = k && $(`err-${k}`);
        if (e) e.textContent = msg; else $("problems").textContent += msg + " ";
      }
      setStatus("error", "Not run: see the message next to the control.");
      return;
    }
    follow(answer.job);
  }

  function follow(id) {
    jobId = id; shownDone = -1; season = null;
    clearTimeout(timer);
    poll();
  }

  async function poll() {
    const id = jobId;
    let st;
    try {
      const r = await fetch(`api/job/${id}${season ? "" : "?season=1"}`);
      st = await r.json();
    } catch (e) { timer = setTimeout(poll, 500); return; }
    if (id !== jobId) return; // a newer change took over
    if (st.error) { setStatus("error", st.error); return; }
    if (st.season && !season) { season = st.season; setupSeason(); }
    if (st.views && st.done !== shownDone) { render(st); shownDone = st.done; }
    const words = {
      queued: "Waiting for the worker…",
      running: `Running replication pairs (baseline and current, same seeds): ${st.done} of ${st.total} done…`,
      done: `Done: ${st.total} replication${st.total > 1 ? "s" : ""} of the baseline and of the current setting, same seeds.`,
      cancelled: "Replaced by a newer change.",
      error: st.message,
    };
    setStatus(st.status, words[st.status] || st.status, st);
    if (st.status === "queued" || st.status === "running" || (st.status === "done" && !season)) timer = setTimeout(poll, 100);
  }

  function setStatus(status, text, st) {
    const s = $("status");
    s.dataset.status = status;
    s.textContent = text;
    if (st) { s.dataset.job = st.job; s.dataset.done = st.done; s.dataset.total = st.total; }
  }

  // ---- views ------------------------------------------------------------------------------
  function render(st) {
    const v = st.views;
    const tb = $("kpis").querySelector("tbody");
    tb.textContent = "";
    for (const k of v.kpis) {
      const tr = el("tr", { "data-key": k.key, "data-base": k.base ?? "", "data-cur": k.cur ?? "" }, tb);
      el("td", {}, tr, `${k.label} (${k.unit})`);
      el("td", {}, tr, fmt(k.base));
      el("td", {}, tr, fmt(k.cur));
      el("td", { class: k.diff > 0 ? "up" : k.diff < 0 ? "down" : "" }, tr, diffText(k));
    }
    const sb = $("safe").querySelector("tbody");
    sb.textContent = "";
    for (const r of v.last_safe) {
      const tr = el("tr", { "data-key": r.key }, sb);
      el("td", {}, tr, r.key.split(".")[1] + " " + (init.map.lines[r.key.split(".")[1]] || {}).name);
      el("td", {}, tr, r.base_date || "none safe");
      el("td", {}, tr, r.cur_date || "none safe");
      el("td", {}, tr, diffText(r));
    }
    lineChart($("chart-weekly"), v.weekly, "week", "TEU", 7);
    lineChart($("chart-queue"), v.queue, "day", "trains", 1);
    barChart($("chart-lead"), v.kpis.filter((k) => k.key.startsWith("lead_")));
    drawMap(v);
    $("command").textContent = st.command;
    $("diff").textContent = st.diff || "(no change: the scenario as loaded)";
    $("download").href = `download/scenario.yaml?job=${st.job}`;
    document.body.dataset.rendered = st.job + ":" + st.done;
  }

  function diffText(k) {
    if (k.diff === null || k.diff === undefined) return "–";
    const sign = k.diff > 0 ? "+" : "";
    if (k.lo === null || k.n < 2) return `${sign}${fmt(k.diff)} (one run: no interval)`;
    return `${sign}${fmt(k.diff)} [${fmt(k.lo)}, ${fmt(k.hi)}]${k.lo > 0 || k.hi < 0 ? " *" : ""}`;
  }

  function axes(svg, w, h, pad, ymax, xlabel, ylabel, n) {
    el("svg:line", { x1: pad, y1: h - pad, x2: w - 5, y2: h - pad, stroke: "#999" }, svg);
    el("svg:line", { x1: pad, y1: 5, x2: pad, y2: h - pad, stroke: "#999" }, svg);
    el("svg:text", { x: pad - 4, y: 12, "text-anchor": "end", "font-size": 10 }, svg, fmt(ymax, 0));
    el("svg:text", { x: pad - 4, y: h - pad, "text-anchor": "end", "font-size": 10 }, svg, "0");
    el("svg:text", { x: w - 5, y: h - pad + 14, "text-anchor": "end", "font-size": 10 }, svg, `${xlabel} ${n}`);
    el("svg:text", { x: pad + 4, y: 12, "font-size": 10 }, svg, ylabel);
  }

  function legend(svg, x, y) {
    for (const [i, [name, col]] of [["baseline", BASE], ["current", CUR]].entries()) {
      el("svg:rect", { x: x + i * 80, y: y - 8, width: 10, height: 10, fill: col }, svg);
      el("svg:text", { x: x + i * 80 + 14, y, "font-size": 11 }, svg, name);
    }
  }

  function lineChart(svg, data, xlabel, ylabel) {
    const w = 460, h = 200, pad = 34;
    svg.setAttribute("viewBox", `0 0 ${w} ${h}`);
    svg.textContent = "";
    const all = [...data.base, ...data.cur];
    const ymax = Math.max(1e-9, ...all) * 1.1;
    const n = Math.max(data.base.length, data.cur.length, 2);
    axes(svg, w, h, pad, ymax, xlabel, ylabel, n);
    for (const [series, col] of [[data.base, BASE], [data.cur, CUR]]) {
      const pts = series.map((y, i) => `${pad + (i / (n - 1)) * (w - pad - 5)},${h - pad - (y / ymax) * (h - pad - 5)}`);
      el("svg:polyline", { points: pts.join(" "), fill: "none", stroke: col, "stroke-width": 2 }, svg);
    }
    legend(svg, pad + 10, h - 6);
  }

  function barChart(svg, kpis) {
    const w = 460, h = 200, pad = 34;
    svg.setAttribute("viewBox", `0 0 ${w} ${h}`);
    svg.textContent = "";
    const ymax = Math.max(1, ...kpis.flatMap((k) => [k.base || 0, k.cur || 0])) * 1.15;
    axes(svg, w, h, pad, ymax, "", "days", "");
    kpis.forEach((k, i) => {
      const x0 = pad + 30 + i * 200;
      for (const [j, [v, col]] of [[k.base, BASE], [k.cur, CUR]].entries()) {
        const bh = ((v || 0) / ymax) * (h - pad - 5);
        el("svg:rect", { x: x0 + j * 60, y: h - pad - bh, width: 50, height: bh, fill: col }, svg);
        el("svg:text", { x: x0 + j * 60 + 25, y: h - pad - bh - 3, "text-anchor": "middle", "font-size": 11 }, svg, fmt(v));
      }
      el("svg:text", { x: x0 + 55, y: h - pad + 14, "text-anchor": "middle", "font-size": 11 }, svg, k.key.includes("rail") ? "rail" : "sea");
    });
    legend(svg, pad + 10, h - 6);
  }

  // ---- the map and the season -------------------------------------------------------------
  function seaControl(a, b) { return [(a[0] + b[0]) / 2, Math.max(a[1], b[1]) + 160]; }
  function linePoints(lid) {
    const L = init.map.lines[lid];
    return L.path.map((n) => init.map.nodes[n].xy);
  }
  function lineColour(lid) { return LINE_COLOURS[Object.keys(init.map.lines).indexOf(lid) % LINE_COLOURS.length]; }

  function drawMap(v) {
    const m = init.map, svg = $("map");
    svg.setAttribute("viewBox", `0 0 ${m.width} ${m.height + 40}`);
    svg.textContent = "";
    const maxTeu = Math.max(1, ...Object.values(v.line_teu.cur));
    for (const [lid, L] of Object.entries(m.lines)) {
      const pts = linePoints(lid);
      const width = 1.5 + 8 * ((v.line_teu.cur[lid] || 0) / maxTeu);
      let d;
      if (L.mode === "sea") {
        const c = seaControl(pts[1], pts[2]);
        d = `M${pts[0]} L${pts[1]} Q${c} ${pts[2]}`;
      } else d = "M" + pts.map((p) => p.join(",")).join(" L");
      el("svg:path", { d, fill: "none", stroke: lineColour(lid), "stroke-width": width, "stroke-opacity": 0.55, "stroke-dasharray": L.mode === "sea" ? "8 6" : "", "data-line": lid }, svg);
      const end = pts[pts.length - 1];
      el("svg:text", { x: end[0] + 6, y: end[1] - 4, "font-size": 13, fill: lineColour(lid) }, svg, `${lid} ${L.name}`);
    }
    for (const [id, n] of Object.entries(m.nodes)) {
      if (n.kind === "waypoint") continue;
      const wait = v.waits[id];
      const r = n.kind === "border" ? 4 + Math.min(12, Math.sqrt(wait || 0) * 2) : 4;
      el("svg:circle", { cx: n.xy[0], cy: n.xy[1], r, fill: n.kind === "border" ? (id === setting.crossing ? "#b00020" : "#555") : "#1f3b57", id: `node-${id}` }, svg)
        .appendChild(el("svg:title", {}, null, `${n.name}${wait !== undefined ? `: mean wait ${fmt(wait)} h` : ""}`));
      if (n.kind === "border" || n.kind === "origin") el("svg:text", { x: n.xy[0] + 5, y: n.xy[1] + 14, "font-size": 11 }, svg, id);
    }
    el("svg:g", { id: "anim" }, svg);
    el("svg:text", { x: 10, y: m.height + 30, "font-size": 11, class: "legend" }, svg, "Sea route drawn schematically (not to scale). Circle size at a crossing: mean wait.");
    drawFrame();
  }

  function setupSeason() {
    const s = $("date-slider");
    s.max = season.days * 24;
    if (Number(s.value) > season.days * 24) s.value = 0;
    drawFrame();
  }

  function positionOn(lid, f, from, to) {
    // a point a fraction f of the way between path indices from and to, by distance
    const L = init.map.lines[lid], pts = linePoints(lid);
    if (L.mode === "sea" && from >= 1) {
      const a = pts[1], b = pts[2], c = seaControl(a, b), u = 1 - f;
      return [u * u * a[0] + 2 * u * f * c[0] + f * f * b[0], u * u * a[1] + 2 * u * f * c[1] + f * f * b[1]];
    }
    const km = L.km[from] + f * (L.km[to] - L.km[from]);
    let i = from;
    while (i < to && L.km[i + 1] < km) i++;
    const j = Math.min(i + 1, pts.length - 1);
    const g = L.km[j] > L.km[i] ? (km - L.km[i]) / (L.km[j] - L.km[i]) : 0;
    return [pts[i][0] + g * (pts[j][0] - pts[i][0]), pts[i][1] + g * (pts[j][1] - pts[i][1])];
  }

  function trainAt(mv, t) {
    if (mv.t0 === null || t < mv.t0 || mv.t1 === null || t > mv.t1) return null;
    const L = init.map.lines[mv.line];
    const last = L.path.length - 1;
    const way = [[mv.kind === "sailing" ? 1 : 0, mv.t0]];
    for (const [b, arrive, , end] of mv.stops) {
      const i = L.path.indexOf(b);
      if (i < 0 || arrive === null) continue;
      way.push([i, arrive], [i, end === null ? Infinity : end]);
    }
    way.push([last, mv.t1]);
    for (let k = 0; k + 1 < way.length; k++) {
      const [i0, ta] = way[k], [i1, tb] = way[k + 1];
      if (t >= ta && t <= tb) {
        const f = tb > ta && Number.isFinite(tb) ? (t - ta) / (tb - ta) : 0;
        return { xy: positionOn(mv.line, i0 === i1 ? 0 : f, i0, i1 === i0 ? i0 : i1), waiting: i0 === i1 };
      }
    }
    return null;
  }

  function drawFrame() {
    const g = $("anim");
    if (!g || !season) return;
    g.textContent = "";
    const t = Number($("date-slider").value);
    const day = Math.min(season.days - 1, Math.floor(t / 24));
    $("date-label").textContent = season.dates[day];
    let moving = 0;
    for (const mv of season.moves) {
      const p = trainAt(mv, t);
      if (!p) continue;
      moving++;
      el("svg:circle", { cx: p.xy[0], cy: p.xy[1], r: mv.kind === "sailing" ? 5 : 4, fill: p.waiting ? "#b00020" : lineColour(mv.line), stroke: "#fff", "stroke-width": 1, class: "train" }, g)
        .appendChild(el("svg:title", {}, null, `${mv.line} departure ${mv.id}: ${mv.teu} of ${mv.capacity} TEU`));
    }
    for (const [b, q] of Object.entries(season.queue_day || {})) {
      const n = init.map.nodes[b];
      if (!n || !(q[day] > 0.05)) continue;
      el("svg:text", { x: n.xy[0] - 6, y: n.xy[1] - 8, "font-size": 13, "font-weight": 700, fill: "#b00020", class: "queue" }, g, fmt(q[day], 1));
    }
    const open = season.market_open[day];
    const yiw = init.map.nodes.YIW || Object.values(init.map.nodes)[0];
    if (!open) {
      el("svg:text", { x: yiw.xy[0] - 10, y: yiw.xy[1] + 30, "font-size": 14, "font-weight": 700, fill: "#b00020", "text-anchor": "end", id: "market-closed" }, g, "Market closed for the Spring Festival");
    }
    el("svg:text", { x: 10, y: 20, "font-size": 16, "font-weight": 700 }, g, `${season.dates[day]} · ${moving} trains and sailings under way${open ? "" : " · market closed"}`);
    g.dataset.frame = String(t);
  }

  function togglePlay() {
    playing = !playing;
    $("play").textContent = playing ? "Pause" : "Play";
    clearInterval(playTimer);
    if (playing) {
      playTimer = setInterval(() => {
        const s = $("date-slider");
        const next = Number(s.value) + 12;
        s.value = next > Number(s.max) ? 0 : next;
        drawFrame();
      }, 60);
    }
  }

  async function start() {
    try {
      init = await (await fetch("api/init")).json();
    } catch (e) { setStatus("error", "The explorer does not answer: is `yiwu-sim explore` still running?"); return; }
    setting = { ...init.setting };
    $("scenario-name").textContent = `${init.scenario} (${init.source})`;
    $("description").textContent = init.description;
    buildControls();
    $("play").addEventListener("click", togglePlay);
    $("date-slider").addEventListener("input", drawFrame);
    submit();
  }
  document.addEventListener("DOMContentLoaded", start);
})();
