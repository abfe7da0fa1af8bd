// yiwu-sim explorer: controls, views, the map with the season's animation and who waits where,
// in plain JavaScript (no library, nothing from the internet). The server does the simulation
// and the statistics; this file draws what api/job/<id> returns as SVG. Every address is
// relative, so the page also works under a path prefix (jupyter-server-proxy). Every word comes
// from the glossary the server sends (sim/explore/i18n.py), in English or Chinese; the language,
// the setting, the chosen map element and the date live in the page's address (#...).
"use strict";
(function () {
  const NS = "http://www.w3.org/2000/svg";
  const BASE = "#8a8f98", CUR = "#d9480f", BETTER = "#2b8a3e", WORSE = "#c92a2a";
  const QUEUE = "#c92a2a", SERVED = "#f08c00", CHOSEN = "#b00020";
  const REASON_COLOUR = { box: "#74c0fc", departure: "#1c7ed6", full: "#c92a2a" };
  const LINE_COLOURS = ["#1c7ed6", "#2b8a3e", "#9c36b5", "#e67700", "#0b7285", "#c2255c"];
  // which way is better for each measure (+1: higher is better, -1: lower, 0: neither)
  const BETTER_IF = { on_time_pct: 1, rail_teu_per_week: 1, trains_per_week: 0, lead_rail_days: -1, lead_sea_days: -1, wait_h: -1, queue: -1, last_safe_day: 1 };
  let init = null, setting = {}, jobId = null, timer = null, debounce = null, season = null;
  let shownDone = -1, playing = false, playTimer = null, lastState = null;
  let lang = "en", selected = null, frameT = null;

  const $ = (id) => document.getElementById(id);
  function el(tag, attrs, parent, text) {
    const e = tag.startsWith("svg:") ? document.createElementNS(NS, tag.slice(4)) : document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
    if (text !== undefined) e.textContent = text;
    if (parent) parent.appendChild(e);
    return e;
  }
  function t(key, vars) {
    const entry = (init && init.i18n[key]) || null;
    let s = entry ? (entry[lang] || entry.en) : key;
    for (const [k, v] of Object.entries(vars || {})) s = s.split(`{${k}}`).join(v);
    return s;
  }
  // a value named alike by several policies ("fixed") reads as it means for this control
  const choiceName = (c, x) => (init.i18n[`choice.${c.key}.${x}`] ? t(`choice.${c.key}.${x}`) : t("choice." + x));
  const locale = () => (lang === "zh" ? "zh-CN" : "en");
  // below 1, two significant digits: a queue of 0.03 trains must not read "0" beside "worse"
  const TINY = 1e-9;  // a float's noise, not a difference
  function fmt(v, nd) {
    if (v === null || v === undefined) return "–";
    const x = Math.abs(v) < TINY ? 0 : Number(v);
    const small = nd === undefined && x !== 0 && Math.abs(x) < 0.95;
    return x.toLocaleString(locale(), small ? { maximumSignificantDigits: 2 } : { maximumFractionDigits: nd === undefined ? 1 : nd });
  }
  const nodeName = (id) => { const n = init.map.nodes[id]; return n ? (lang === "zh" ? n.name_zh : n.name) : id; };
  const lineName = (lid) => { const L = init.map.lines[lid]; return L ? `${lid} ${lang === "zh" ? L.name_zh : L.name}` : lid; };
  const unit = (u) => (u ? t("unit." + u) : "");
  // dates: the run's start plus hours; shown as "1 Oct" or "10月1日"
  function dateAt(hours) {
    const d = new Date(init.start + "T00:00:00Z");
    d.setUTCHours(d.getUTCHours() + Math.floor(hours));
    return d;
  }
  const iso = (d) => d.toISOString().slice(0, 10);
  function shortDate(d) {
    return lang === "zh" ? `${d.getUTCMonth() + 1}月${d.getUTCDate()}日`
      : d.toLocaleDateString("en-GB", { day: "numeric", month: "short", timeZone: "UTC" });
  }
  function longDate(d) {
    return lang === "zh" ? `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日`
      : d.toLocaleDateString("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });
  }
  const clock = (h) => `${shortDate(dateAt(h))} ${String(Math.floor(h % 24)).padStart(2, "0")}:00`;

  // ---- the address: language, setting, selection, date ------------------------------------
  function readAddress() {
    const q = new URLSearchParams(location.hash.slice(1));
    const out = {};
    for (const [k, v] of q.entries()) out[k] = v;
    return out;
  }
  function writeAddress() {
    const q = new URLSearchParams();
    q.set("lang", lang);
    for (const [k, v] of Object.entries(setting)) if (v !== init.setting[k]) q.set(k, v);
    if (selected) q.set("sel", selected);
    if (frameT) q.set("t", frameT);
    history.replaceState(null, "", "#" + q.toString());
    try { localStorage.setItem("yiwu-explore-lang", lang); } catch (e) { /* private mode */ }
  }
  function settingFromAddress(a) {
    const s = { ...init.setting };
    for (const c of init.controls) {
      if (!(c.key in a)) continue;
      s[c.key] = c.kind === "number" || c.kind === "integer" ? Number(a[c.key]) : a[c.key];
    }
    if (a.crossing && a.crossing in init.crossings) s.crossing = a.crossing;
    return s;
  }

  // ---- language -----------------------------------------------------------------------------
  function applyLanguage() {
    document.documentElement.lang = lang === "zh" ? "zh-CN" : "en";
    document.title = t("title");
    for (const e of document.querySelectorAll("[data-i18n]")) e.textContent = t(e.dataset.i18n);
    for (const e of document.querySelectorAll("[data-i18n-aria]")) e.setAttribute("aria-label", t(e.dataset.i18nAria));
    for (const e of document.querySelectorAll("[data-i18n-title]")) e.title = t(e.dataset.i18nTitle);
    const status = $("status"); // what the run has reached, said again in the new language
    if (status._st && status.dataset.status !== "error") statusWords(status._st);
    const desc = $("description");
    desc.textContent = lang === "zh" && init.description_zh ? init.description_zh : init.description;
    desc.lang = lang === "zh" && init.description_zh ? "zh-CN" : "en";
    $("play").textContent = t(playing ? "pause" : "play");
    buildControls();
    showCrossing();
    if (lastState) render(lastState);
    drawFrame();
    drawDetail();
  }
  function switchLanguage() {
    lang = lang === "zh" ? "en" : "zh";
    applyLanguage();
    writeAddress();
  }

  // ---- controls ---------------------------------------------------------------------------
  function buildControls() {
    const form = $("controls");
    form.textContent = "";
    const groups = {};
    const crossingField = () => {
      const c = el("div", { class: "control", id: "ctl-crossing" });
      el("label", { for: "in-crossing" }, c, t("crossing_to_study"));
      const s = el("select", { id: "in-crossing", "data-key": "crossing" }, c);
      for (const id of Object.keys(init.crossings)) el("option", { value: id }, s, `${id} ${nodeName(id)}`);
      s.value = setting.crossing;
      s.addEventListener("change", () => { setting.crossing = s.value; showCrossing(); changed(); });
      el("div", { class: "err", id: "err-crossing" }, c);
      return c;
    };
    for (const c of init.controls) {
      if (!groups[c.group]) {
        groups[c.group] = el("fieldset", {}, form);
        el("legend", {}, groups[c.group], t("group." + c.group));
        if (c.group === "Crossing") groups[c.group].appendChild(crossingField());
      }
      const box = el("div", { class: "control", id: `ctl-${c.key}` }, groups[c.group]);
      if (c.crossing) box.dataset.crossing = c.crossing;
      box.classList.toggle("changed", setting[c.key] !== init.setting[c.key]);
      const id = `in-${c.key}`;
      const label = lang === "zh" ? c.label_zh : c.label;
      const help = lang === "zh" ? c.help_zh : c.help;
      const range = c.kind === "choice" ? c.choices.map((x) => choiceName(c, x)).join(lang === "zh" ? "、" : ", ")
        : t("range", { unit: c.unit ? unit(c.unit) + (lang === "zh" ? "，" : ", ") : "", min: c.min, max: c.max });
      const lab = el("label", { for: id, title: help }, box, label + " ");
      el("span", { class: "range" }, lab, lang === "zh" ? `（${range}）` : `(${range})`);
      const row = el("div", { class: "row" }, box);
      let input;
      if (c.kind === "choice") {
        input = el("select", { id }, row);
        for (const ch of c.choices) el("option", { value: ch }, input, choiceName(c, ch));
      } else if (c.kind === "date") {
        input = el("input", { id, type: "date", min: c.min, max: c.max }, row);
      } else {
        const slider = el("input", { type: "range", min: c.min, max: c.max, step: c.step, "aria-label": label, id: `${id}-slider` }, row);
        input = el("input", { id, type: "number", min: c.min, max: c.max, step: c.step }, row);
        slider.value = setting[c.key];
        slider.addEventListener("input", () => { input.value = slider.value; onInput(c, input, SLIDER_MS); });
        input.addEventListener("change", () => { slider.value = input.value; });
      }
      input.dataset.key = c.key;
      input.value = setting[c.key];
      input.addEventListener(c.kind === "choice" || c.kind === "date" ? "change" : "input", () => onInput(c, input));
      el("div", { class: "err", id: `err-${c.key}` }, box);
      if (help) el("div", { class: "range help" }, box, help);
    }
    showCrossing();
  }

  // a slider or a list answers at once; digits typed in a box wait for the next key, so that
  // typing 2400 does not run 2, 24 and 240 first, nor 9999 on the way to a refused 99999
  const SLIDER_MS = 40, TYPING_MS = 350;
  let sent = null;  // the setting last sent: the one the views are of, or will be
  function refuse(err, words) {
    err.textContent = words;
    clearTimeout(debounce);  // a value typed before this one, still waiting, is not sent,
    if (sent) { setting = { ...sent }; writeAddress(); }  // nor kept in the address
  }
  // [what is wrong in the page's words, or "", and the typed value]
  function checkValue(c, raw) {
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
  function onInput(c, input, delay) {
    const err = $(`err-${c.key}`);
    const [wrong, v] = checkValue(c, input.value);
    if (wrong) { refuse(err, wrong); return; }
    err.textContent = "";
    setting[c.key] = v;
    $(`ctl-${c.key}`).classList.toggle("changed", v !== init.setting[c.key]);
    changed(delay !== undefined ? delay : c.kind === "number" || c.kind === "integer" ? TYPING_MS : SLIDER_MS);
  }

  function showCrossing() {
    for (const box of document.querySelectorAll(".control[data-crossing]")) box.hidden = box.dataset.crossing !== setting.crossing;
    $("queue-caption").textContent = t("queue_caption", { name: nodeName(setting.crossing) });
  }

  function changed(delay) {
    writeAddress();
    clearTimeout(debounce);
    debounce = setTimeout(submit, delay === undefined ? SLIDER_MS : delay);  // a drag sends one change
  }

  async function submit() {
    sent = { ...setting };
    setStatus("running", t("simulating"));
    let answer;
    try {
      const r = await fetch("api/run", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(setting) });
      answer = await r.json();
    } catch (e) { setStatus("error", t("no_answer")); return; }
    $("problems").textContent = "";
    // clear the server's earlier words only: a control being typed in keeps the page's own
    document.querySelectorAll(".err[data-server]").forEach((e) => { e.textContent = ""; delete e.dataset.server; });
    if (!answer.ok) {
      for (const [k, said] of Object.entries(answer.problems || { "": answer.error || "" })) {
        // a value from the address the page did not check: said in the page's language
        const c = init.controls.find((x) => x.key === k);
        const msg = (c && checkValue(c, setting[k])[0]) || said;
        const e = k && $(`err-${k}`);
        if (e) { e.textContent = msg; e.dataset.server = "1"; } else $("problems").textContent += msg + " ";
      }
      setStatus("error", t("not_run"));
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
    const fresh = st.season && !season;
    if (fresh) { season = st.season; seasonSlider(); }
    if (st.views && st.done !== shownDone) { lastState = st; render(st); shownDone = st.done; }
    if (fresh) setupSeason(false);
    statusWords(st);
    if (st.status === "queued" || st.status === "running" || (st.status === "done" && !season)) timer = setTimeout(poll, st.done ? 100 : 40);
  }

  function statusWords(st) {
    const words = { queued: t("queued"), running: t("running", { done: st.done, total: st.total }), done: t("done", { total: st.total }), cancelled: t("cancelled"), error: st.message };
    setStatus(st.status, words[st.status] || st.status, st);
  }

  function setStatus(status, text, st) {
    const s = $("status");
    delete s.dataset.i18n; // no longer "Starting…": a change of language says the status anew
    s.dataset.status = status;
    s.textContent = text;
    if (st) { s.dataset.job = st.job; s.dataset.done = st.done; s.dataset.total = st.total; s._st = st; }
  }

  // ---- views ------------------------------------------------------------------------------
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

  function render(st) {
    const v = st.views;
    const tb = $("kpis").querySelector("tbody");
    tb.textContent = "";
    for (const k of v.kpis) {
      const tr = el("tr", { "data-key": k.key, "data-base": k.base ?? "", "data-cur": k.cur ?? "" }, tb);
      el("td", {}, tr, lang === "zh" ? `${kpiLabel(k)}（${unit(k.unit)}）` : `${kpiLabel(k)} (${unit(k.unit)})`);
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
    if (k.lo === null || k.n < 2) return lang === "zh" ? `${sign}${fmt(k.diff)}（${t("one_run")}）` : `${sign}${fmt(k.diff)} (${t("one_run")})`;
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
  const dayWords = (iso) => (iso ? longDate(new Date(iso + "T00:00:00Z")) : t("none_safe"));
  function summary(st) {
    const box = $("summary-text"), v = st.views, s = st.setting || setting, base = init.setting;
    box.textContent = "";
    const changes = [];
    for (const c of init.controls) {
      if (["seed", "replications", "closure.start", "closure.days"].includes(c.key) || s[c.key] === base[c.key]) continue;
      changes.push(t("sum_setting", { label: lang === "zh" ? c.label_zh : c.label, base: valueWords(c, base[c.key]), cur: valueWords(c, s[c.key]) }));
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

  function niceMax(x) {
    if (!(x > 0)) return 1;
    const p = Math.pow(10, Math.floor(Math.log10(x)));
    for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= x) return m * p;
    return 10 * p;
  }

  // a chart over time: x is hours since the start (each series is one value per `stepH`),
  // with dated ticks at month starts; optional stacking and a marker at the animation's date
  function timeChart(svg, series, stepH, ylabel, opts) {
    const o = opts || {};
    const w = 460, h = 200, pad = 38, bottom = 34;
    svg.setAttribute("viewBox", `0 0 ${w} ${h}`);
    svg.textContent = "";
    const n = Math.max(2, ...series.map((s) => s.values.length));
    const spanH = n * stepH;
    let tops = series.map((s) => s.values);
    if (o.stacked) {
      let acc = new Array(n).fill(0);
      tops = series.map((s) => { acc = acc.map((a, i) => a + (s.values[i] || 0)); return acc.slice(); });
    }
    const ymax = niceMax(Math.max(o.floor || 1, ...tops.flat()) * 1.05);  // an empty chart reads 0 to 1
    const X = (hours) => pad + (hours / spanH) * (w - pad - 8);
    const Y = (y) => h - bottom - (y / ymax) * (h - bottom - 8);
    el("svg:line", { x1: pad, y1: h - bottom, x2: w - 8, y2: h - bottom, stroke: "#999" }, svg);
    el("svg:line", { x1: pad, y1: 8, x2: pad, y2: h - bottom, stroke: "#999" }, svg);
    for (const f of [0, 0.5, 1]) {
      el("svg:text", { x: pad - 4, y: Y(ymax * f) + 4, "text-anchor": "end", "font-size": 10 }, svg, fmt(ymax * f, 1));
      if (f) el("svg:line", { x1: pad, y1: Y(ymax * f), x2: w - 8, y2: Y(ymax * f), stroke: "#eee" }, svg);
    }
    el("svg:text", { x: pad + 4, y: 16, "font-size": 10, fill: "#555" }, svg, ylabel);
    // date ticks: the first of each month within the run
    const start = dateAt(0);
    const d = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + (start.getUTCDate() > 1 ? 1 : 0), 1));
    while ((d - start) / 3.6e6 <= spanH) {
      const x = X((d - start) / 3.6e6);
      el("svg:line", { x1: x, y1: h - bottom, x2: x, y2: h - bottom + 4, stroke: "#999" }, svg);
      el("svg:text", { x, y: h - bottom + 15, "text-anchor": "middle", "font-size": 10, class: "date-tick" }, svg, shortDate(d));
      d.setUTCMonth(d.getUTCMonth() + 1);
    }
    series.forEach((s, k) => {
      const top = tops[k];
      const pts = top.map((y, i) => `${X((i + 0.5) * stepH).toFixed(1)},${Y(y).toFixed(1)}`);
      if (o.stacked) {
        const below = k ? tops[k - 1] : top.map(() => 0);
        const back = below.map((y, i) => `${X((i + 0.5) * stepH).toFixed(1)},${Y(y).toFixed(1)}`).reverse();
        el("svg:polygon", { points: [...pts, ...back].join(" "), fill: s.colour, "fill-opacity": 0.75 }, svg);
      } else el("svg:polyline", { points: pts.join(" "), fill: "none", stroke: s.colour, "stroke-width": 2 }, svg);
    });
    if (o.marker !== undefined && o.marker !== null) {
      el("svg:line", { x1: X(o.marker), y1: 8, x2: X(o.marker), y2: h - bottom, stroke: "#222", "stroke-dasharray": "3 3", class: "marker" }, svg);
    }
    // the legend: its baseline above the bottom edge (the tails of g, y and p stay inside), an
    // entry that would run past the right edge starts a new row and the chart grows to hold it
    let lx = pad + 4, row = 0;
    for (const s of series) {
      const rect = el("svg:rect", { x: lx, y: h - 13, width: 10, height: 10, fill: s.colour }, svg);
      const tx = el("svg:text", { x: lx + 14, y: h - 4, "font-size": 10 }, svg, s.name);
      const len = tx.getComputedTextLength ? tx.getComputedTextLength() : 60;
      if (lx > pad + 4 && lx + 14 + len > w - 4) {
        row += 1; lx = pad + 4;
        rect.setAttribute("x", lx); rect.setAttribute("y", h - 13 + 14 * row);
        tx.setAttribute("x", lx + 14); tx.setAttribute("y", h - 4 + 14 * row);
      }
      lx += 14 + len + 14;
    }
    if (row) svg.setAttribute("viewBox", `0 0 ${w} ${h + 14 * row}`);
  }

  function barChart(svg, kpis) {
    const w = 460, h = 200, pad = 38, bottom = 34;
    svg.setAttribute("viewBox", `0 0 ${w} ${h}`);
    svg.textContent = "";
    const ymax = niceMax(Math.max(1, ...kpis.flatMap((k) => [k.base || 0, k.cur || 0])) * 1.1);
    el("svg:line", { x1: pad, y1: h - bottom, x2: w - 8, y2: h - bottom, stroke: "#999" }, svg);
    el("svg:text", { x: pad - 4, y: 14, "text-anchor": "end", "font-size": 10 }, svg, fmt(ymax, 0));
    el("svg:text", { x: pad - 4, y: h - bottom + 4, "text-anchor": "end", "font-size": 10 }, svg, "0");
    el("svg:text", { x: pad + 4, y: 14, "font-size": 10, fill: "#555" }, svg, t("days"));
    kpis.forEach((k, i) => {
      const x0 = pad + 30 + i * 200;
      for (const [j, [v, col]] of [[k.base, BASE], [k.cur, CUR]].entries()) {
        const bh = ((v || 0) / ymax) * (h - bottom - 20);
        el("svg:rect", { x: x0 + j * 60, y: h - bottom - bh, width: 50, height: bh, fill: col }, svg);
        el("svg:text", { x: x0 + j * 60 + 25, y: h - bottom - bh - 3, "text-anchor": "middle", "font-size": 11 }, svg, fmt(v));
      }
      el("svg:text", { x: x0 + 55, y: h - bottom + 14, "text-anchor": "middle", "font-size": 11 }, svg, t(k.key.includes("rail") ? "rail" : "sea"));
    });
    el("svg:rect", { x: pad + 4, y: h - 13, width: 10, height: 10, fill: BASE }, svg);
    el("svg:text", { x: pad + 18, y: h - 4, "font-size": 10 }, svg, t("baseline"));
    el("svg:rect", { x: pad + 90, y: h - 13, width: 10, height: 10, fill: CUR }, svg);
    el("svg:text", { x: pad + 104, y: h - 4, "font-size": 10 }, svg, t("current"));
  }

  // ---- the map ------------------------------------------------------------------------------
  function seaControl(a, b) { return [(a[0] + b[0]) / 2, Math.min(init.map.height - 10, Math.max(a[1], b[1]) + 110)]; }
  function linePoints(lid) { return init.map.lines[lid].path.map((n) => init.map.nodes[n].xy); }
  function lineColour(lid) {
    // the report's colour of the line (sim.output.colours), the same in every figure
    const L = init.map.lines[lid];
    return (L && L.colour) || LINE_COLOURS[Object.keys(init.map.lines).indexOf(lid) % LINE_COLOURS.length];
  }
  function linePath(lid) {
    const L = init.map.lines[lid], pts = linePoints(lid);
    if (L.mode === "sea") return `M${pts[0]} L${pts[1]} Q${seaControl(pts[1], pts[2])} ${pts[2]}`;
    return "M" + pts.map((p) => p.join(",")).join(" L");
  }
  const QSIZE = 9;
  const nodeR = {};
  // the queue of a crossing is drawn as rows of squares above its circle: keep labels out of there
  const queueTop = (id, n) => n.xy[1] - (nodeR[id] || 5) - 3;
  const queueBox = (id, n) => [n.xy[0] - QSIZE / 2 - 1, queueTop(id, n) - 2 * (QSIZE + 1) - 1, n.xy[0] - QSIZE / 2 + 6 * (QSIZE + 1), queueTop(id, n)];

  function drawMap(v) {
    const m = init.map, svg = $("map");
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
      const gauge = season && season.waits && season.waits.crossings[id] && season.waits.crossings[id].gauge;
      if (border && gauge) el("svg:circle", { cx: n.xy[0], cy: n.xy[1], r: r + 2.5, fill: "none", stroke: "#555", "stroke-width": 1 }, svg);
      const c = el("svg:circle", { cx: n.xy[0], cy: n.xy[1], r, fill: border ? (id === setting.crossing ? CHOSEN : "#555") : "#1f3b57", id: `node-${id}`, "data-node": id, class: (border || n.kind === "origin") ? "clickable" : "" }, svg);
      el("svg:title", {}, c, `${nodeName(id)}${wait !== undefined ? ` · ${t("tip_wait", { v: fmt(wait) })}` : ""}`);
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
    const m = init.map, g = el("svg:g", { class: "labels" }, svg);
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
    el("span", { class: "item credit" }, box, t("outline_credit"));
    for (const [lid] of Object.entries(init.map.lines)) {
      const d = el("span", { class: "item clickable", "data-line": lid }, box);
      swatch(d, (s) => el("svg:line", { x1: 2, y1: 7, x2: 26, y2: 7, stroke: lineColour(lid), "stroke-width": 4 }, s));
      el("span", {}, d, lineName(lid));
      d.addEventListener("click", () => select(lid));
    }
  }

  // ---- the season ---------------------------------------------------------------------------
  function seasonSlider() {
    const s = $("date-slider");
    s.max = season.days * 24;
    if (frameT !== null && frameT <= season.days * 24) s.value = frameT;
    else if (Number(s.value) > season.days * 24) s.value = 0;
  }
  function setupSeason(redraw) {
    seasonSlider();
    if (lastState && redraw !== false) drawMap(lastState.views);
    drawFrame();
    drawDetail();
  }

  function positionOn(lid, f, from, to) {
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

  // where a train is at hour t: moving between fixed points, or queueing / being served
  function trainAt(mv, t) {
    if (mv.t0 === null || t < mv.t0 || mv.t1 === null || t > mv.t1) return null;
    const L = init.map.lines[mv.line];
    const last = L.path.length - 1;
    for (const [b, arrive, start, end] of mv.stops) {
      if (arrive === null || t < arrive) continue;
      if (start === null || t < start) return { state: "queue", at: b, since: arrive };
      if (end === null || t < end) return { state: "served", at: b, since: start };
    }
    const way = [[mv.kind === "sailing" ? 1 : 0, mv.t0]];
    for (const [b, arrive, , end] of mv.stops) {
      const i = L.path.indexOf(b);
      if (i < 0 || arrive === null) continue;
      way.push([i, arrive], [i, end === null ? Infinity : end]);
    }
    way.push([last, mv.t1]);
    for (let k = 0; k + 1 < way.length; k++) {
      const [i0, ta] = way[k], [i1, tb] = way[k + 1];
      if (t >= ta && t <= tb && i0 !== i1) {
        const f = tb > ta ? (t - ta) / (tb - ta) : 0;
        return { state: "moving", xy: positionOn(mv.line, f, i0, i1) };
      }
    }
    return null;
  }

  function crossingReason(b, did) {
    const c = season.waits.crossings[b];
    const row = c && c.trains.find((r) => r[0] === did);
    return row ? row[5] : "none";
  }

  function drawFrame() {
    const g = $("anim");
    if (!g || !season) return;
    g.textContent = "";
    const t0 = frameT === null ? 0 : Math.min(frameT, season.days * 24);
    $("date-slider").value = t0;
    const day = Math.min(season.days - 1, Math.floor(t0 / 24));
    $("date-label").textContent = longDate(dateAt(day * 24));
    let moving = 0;
    const queues = {};
    for (const mv of season.moves) {
      const p = trainAt(mv, t0);
      if (!p) continue;
      moving++;
      if (p.state === "moving") {
        el("svg:circle", { cx: p.xy[0], cy: p.xy[1], r: mv.kind === "sailing" ? 5 : 4, fill: lineColour(mv.line), stroke: "#fff", "stroke-width": 1, class: "train" }, g)
          .appendChild(el("svg:title", {}, null, `${lineName(mv.line)} · ${t("train")} ${mv.id} · ${mv.teu}/${mv.capacity} TEU`));
      } else (queues[p.at] = queues[p.at] || []).push([mv, p]);
    }
    for (const [b, list] of Object.entries(queues)) {
      const n = init.map.nodes[b];
      if (!n) continue;
      list.sort((a, c) => (a[1].state === c[1].state ? a[1].since - c[1].since : a[1].state === "served" ? -1 : 1));
      list.forEach(([mv, p], i) => {
        const col = i % 6, row = Math.floor(i / 6);
        const x = n.xy[0] - QSIZE / 2 + col * (QSIZE + 1), y = queueTop(b, n) - (row + 1) * (QSIZE + 1);
        const why = p.state === "queue" ? t("reason." + crossingReason(b, mv.id)) : t(season.waits.crossings[b] && season.waits.crossings[b].gauge ? "reason.gauge" : "reason.customs");
        el("svg:rect", { x, y, width: QSIZE, height: QSIZE, fill: p.state === "queue" ? QUEUE : SERVED, stroke: lineColour(mv.line), "stroke-width": 1.2, class: p.state === "queue" ? "queued" : "served", "data-node": b }, g)
          .appendChild(el("svg:title", {}, null, `${lineName(mv.line)} · ${t("train")} ${mv.id} · ${t("since")} ${clock(p.since)} · ${why}`));
      });
    }
    const open = season.market_open[day];
    const parts = [longDate(dateAt(day * 24)), t("under_way", { n: moving })];
    const yardTeu = Object.values(season.waits.yard).reduce((a, y) => a + (y.box[day] || 0) + (y.departure[day] || 0) + (y.full[day] || 0), 0);
    parts.push(t("yard_now", { teu: fmt(yardTeu, 0) }));
    if (!open) parts.push(t("market_closed"));
    const fs = $("frame-status");
    fs.textContent = parts.join(" · ");
    fs.classList.toggle("closed", !open);
    g.dataset.frame = String(t0);
    drawDetailNow();
  }

  function togglePlay() {
    playing = !playing;
    $("play").textContent = t(playing ? "pause" : "play");
    clearInterval(playTimer);
    if (playing) {
      playTimer = setInterval(() => {
        if (!season) return;
        const next = (frameT || 0) + 6;
        frameT = next > season.days * 24 ? 0 : next;
        drawFrame();
      }, 60);
    } else writeAddress();
  }

  // ---- who waits where, and why -------------------------------------------------------------
  function select(id) {
    selected = id;
    writeAddress();
    drawDetail();
    document.querySelectorAll("#map .selected").forEach((e) => e.classList.remove("selected"));
    const e = document.querySelector(`#map [data-node="${id}"], #map path[data-line="${id}"]`);
    if (e) e.classList.add("selected");
  }

  function kindOf(id) {
    if (!id || !init) return null;
    if (init.map.lines[id]) return "line";
    const n = init.map.nodes[id];
    if (!n) return null;
    return n.kind === "origin" ? "yard" : n.kind === "border" ? "crossing" : null;
  }

  function drawDetail() {
    const box = $("detail");
    const kind = kindOf(selected);
    box.dataset.kind = kind || "";
    box.dataset.selected = selected || "";
    const chart = $("detail-chart"), leg = $("detail-legend");
    chart.textContent = ""; leg.textContent = "";
    for (const id of ["detail-now", "detail-worst"]) { $(id).tHead.textContent = ""; $(id).tBodies[0].textContent = ""; }
    $("detail-now-title").textContent = ""; $("detail-worst-title").textContent = "";
    chart.style.display = kind && season ? "" : "none";
    if (!kind || !season) { $("detail-title").textContent = t("detail_hint"); return; }
    const w = season.waits, marker = frameT || 0;
    if (kind === "crossing") {
      const c = w.crossings[selected];
      $("detail-title").textContent = t("detail_title", { name: nodeName(selected) });
      if (!c) return;
      el("p", { class: "note" }, leg, t("detail_queue", { name: nodeName(selected) }));
      timeChart(chart, [{ values: c.queue_day, colour: QUEUE, name: t("legend.queue") }, { values: c.served_day, colour: SERVED, name: t("legend.served") }], 24, t("trains"), { stacked: true, marker });
      if (c.closed_h.length) el("p", {}, leg, t("closed_days", { ranges: c.closed_h.map(([a, b]) => `${longDate(dateAt(a))} – ${longDate(dateAt(b - 1))}`).join(", ") }));
      const worst = c.trains.filter((r) => r[3] !== null && r[3] - r[2] > 0.01).sort((a, b) => (b[3] - b[2]) - (a[3] - a[2])).slice(0, 8);
      $("detail-worst-title").textContent = t("worst");
      trainTable($("detail-worst"), worst);
    } else if (kind === "line") {
      const rows = w.lines[selected] || [];
      $("detail-title").textContent = t("detail_title", { name: lineName(selected) });
      const perDay = new Array(season.days).fill(0);
      for (const r of rows) if (r[1] !== null && r[5] !== null) perDay[Math.min(season.days - 1, Math.floor(r[1] / 24))] += r[5];
      el("p", { class: "note" }, leg, t("detail_line", { name: lineName(selected) }));
      timeChart(chart, [{ values: perDay, colour: lineColour(selected), name: t("border_wait") }], 24, t("hours"), { marker });
      $("detail-worst-title").textContent = t("worst");
      const worst = rows.filter((r) => r[5] > 0.01).sort((a, b) => b[5] - a[5]).slice(0, 8);
      const tb = $("detail-worst");
      head(tb, [t("train"), t("departed"), t("border_wait"), t("load")]);
      for (const r of worst) {
        const tr = el("tr", {}, tb.tBodies[0]);
        el("td", {}, tr, String(r[0])); el("td", {}, tr, clock(r[1])); el("td", {}, tr, fmt(r[5])); el("td", {}, tr, `${fmt(r[3], 0)}/${r[4]} TEU`);
      }
    } else {
      $("detail-title").textContent = t("detail_title", { name: t("yard") });
      const sum = (k) => { const out = new Array(season.days).fill(0); for (const y of Object.values(w.yard)) y[k].forEach((v, i) => (out[i] += v)); return out; };
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

  function trainTable(table, rows) {
    head(table, [t("train"), t("line"), t("arrived"), t("waited_h"), t("why"), t("served_h")], [1, 4]);
    const gauge = season.waits.crossings[selected] && season.waits.crossings[selected].gauge;
    for (const r of rows) {
      const [did, line, a, s, e, why] = r;
      const tr = el("tr", { "data-reason": why }, table.tBodies[0]);
      el("td", {}, tr, String(did));
      el("td", {}, tr, lineName(line));
      el("td", {}, tr, clock(a));
      el("td", {}, tr, s === null ? "–" : fmt(s - a));
      el("td", { class: "reason" }, tr, t("reason." + why));
      const served = t(gauge ? "reason.gauge" : "reason.customs");
      el("td", {}, tr, e === null || s === null ? "–" : lang === "zh" ? `${fmt(e - s)}（${served}）` : `${fmt(e - s)} (${served})`);
    }
    alignWords(table);
  }

  // the table of who is there at the animation's date
  function drawDetailNow() {
    const kind = kindOf(selected);
    if (!kind || !season) return;
    const tNow = frameT || 0, day = Math.min(season.days - 1, Math.floor(tNow / 24));
    const table = $("detail-now");
    table.tBodies[0].textContent = "";
    const dateText = longDate(dateAt(day * 24));
    if (kind === "crossing") {
      $("detail-now-title").textContent = t("trains_here", { date: clock(tNow) });
      const c = season.waits.crossings[selected];
      const rows = (c ? c.trains : []).filter((r) => r[2] !== null && r[2] <= tNow && (r[4] === null || tNow < r[4]));
      trainTable(table, rows);
      if (!rows.length) el("td", { colspan: 6 }, el("tr", {}, table.tBodies[0]), t("nobody"));
    } else if (kind === "line") {
      $("detail-now-title").textContent = t("trains_line", { date: dateText });
      head(table, [t("train"), t("status_col"), t("why"), t("progress"), t("waited_so_far")], [1, 2]);
      let any = false;
      for (const mv of season.moves) {
        if (mv.line !== selected) continue;
        const p = trainAt(mv, tNow);
        if (!p) continue;
        any = true;
        const tr = el("tr", { "data-state": p.state }, table.tBodies[0]);
        el("td", {}, tr, String(mv.id));
        el("td", {}, tr, p.state === "moving" ? t("state.moving") : t("state." + p.state, { name: nodeName(p.at) }));
        const why = p.state === "queue" ? t("reason." + crossingReason(p.at, mv.id)) : p.state === "served" ? t(season.waits.crossings[p.at] && season.waits.crossings[p.at].gauge ? "reason.gauge" : "reason.customs") : "";
        el("td", { class: "reason" }, tr, why);
        // how far through its journey, and how long it has queued so far (vidigi-style)
        const pct = mv.t1 > mv.t0 ? (100 * (tNow - mv.t0)) / (mv.t1 - mv.t0) : 0;
        const bar = el("td", { class: "progress" }, tr);
        el("span", { class: "bar", style: `width:${Math.round(pct)}%` }, el("span", { class: "track" }, bar));
        el("span", {}, bar, ` ${fmt(pct, 0)} %`);
        const waited = mv.stops.reduce((a, [, arr, st]) => a + (arr !== null && arr <= tNow ? Math.max(0, Math.min(tNow, st === null ? tNow : st) - arr) : 0), 0);
        el("td", {}, tr, fmt(waited));
      }
      if (!any) el("td", { colspan: 5 }, el("tr", {}, table.tBodies[0]), t("nobody"));
    } else {
      $("detail-now-title").textContent = t("yard_day", { date: dateText });
      head(table, [t("line"), t("reason.box"), t("reason.departure"), t("reason.full")]);
      for (const [lid, y] of Object.entries(season.waits.yard)) {
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
      const n = season.days * 24;
      const x = pad + (tNow / n) * (vb.width - pad - 8);
      m.setAttribute("x1", x); m.setAttribute("x2", x);
    }
  }

  // the address edited by hand or a link opened in this tab: show what it says
  function fromAddress() {
    const a = readAddress();
    if (a.lang === "zh" || a.lang === "en") lang = a.lang;
    setting = settingFromAddress(a);
    selected = kindOf(a.sel) ? a.sel : null;
    frameT = a.t !== undefined && Number.isFinite(Number(a.t)) ? Number(a.t) : null;
    if (frameT !== null) $("date-slider").value = frameT;
  }

  async function start() {
    try {
      init = await (await fetch("api/init")).json();
    } catch (e) { setStatus("error", "The explorer does not answer: is `yiwu-sim explore` still running? / 探索器没有响应"); return; }
    let stored = null;
    try { stored = localStorage.getItem("yiwu-explore-lang"); } catch (e) { /* private mode */ }
    lang = stored === "zh" || stored === "en" ? stored : (navigator.language || "").startsWith("zh") ? "zh" : "en";
    fromAddress();
    $("scenario-name").textContent = `${init.scenario} (${init.source})`;
    $("lang").addEventListener("click", switchLanguage);
    $("play").addEventListener("click", togglePlay);
    $("date-slider").addEventListener("input", () => { frameT = Number($("date-slider").value); drawFrame(); });
    $("date-slider").addEventListener("change", writeAddress);
    applyLanguage();
    writeAddress();
    submit();
    // writeAddress replaces the address without this event: it fires for a change from outside
    window.addEventListener("hashchange", () => { fromAddress(); applyLanguage(); writeAddress(); submit(); });
  }
  document.addEventListener("DOMContentLoaded", start);
})();
