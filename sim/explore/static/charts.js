// yiwu-sim explorer: the charts, drawn as SVG: a chart over time (lines or stacked areas, dated
// ticks, a marker at the animation's date) and the bars of the lead times.

import { BASE, CUR, el } from "./page.js";
import { dateAt, fmt, fmtWithDiff, shortDate, t } from "./words.js";

function niceMax(x) {
  if (!(x > 0)) return 1;
  const p = Math.pow(10, Math.floor(Math.log10(x)));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= x) return m * p;
  return 10 * p;
}

// a chart over time: x is hours since the start (each series is one value per `stepH`),
// with dated ticks at month starts; optional stacking and a marker at the animation's date.
// A line series may be dashed (`dash`), leave days out (null values: drawn in pieces), and
// shade down to another series (`below`); `cls` names its line for the page's tests
export function timeChart(svg, series, stepH, ylabel, opts) {
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
    } else if (s.dash || s.values.some((y) => y === null)) {
      // in pieces: the days with a value, each run of them one line (and its shade)
      let piece = [];
      const flush = () => {
        if (piece.length > 1) {
          const line = piece.map((i) => `${X((i + 0.5) * stepH).toFixed(1)},${Y(s.values[i]).toFixed(1)}`);
          if (s.below) {
            const back = piece.map((i) => `${X((i + 0.5) * stepH).toFixed(1)},${Y(s.below[i] || 0).toFixed(1)}`).reverse();
            el("svg:polygon", { points: [...line, ...back].join(" "), fill: s.colour, "fill-opacity": 0.15, stroke: "none" }, svg);
          }
          el("svg:polyline", { points: line.join(" "), fill: "none", stroke: s.colour, "stroke-width": 2, "stroke-dasharray": s.dash || "", class: s.cls || "" }, svg);
        }
        piece = [];
      };
      s.values.forEach((y, i) => { if (y === null || y === undefined) flush(); else piece.push(i); });
      flush();
    } else el("svg:polyline", { points: pts.join(" "), fill: "none", stroke: s.colour, "stroke-width": 2 }, svg);
  });
  if (o.marker !== undefined && o.marker !== null) {
    el("svg:line", { x1: X(o.marker), y1: 8, x2: X(o.marker), y2: h - bottom, stroke: "#222", "stroke-dasharray": "3 3", class: "marker" }, svg);
  }
  // the legend: its baseline above the bottom edge (the tails of g, y and p stay inside), an
  // entry that would run past the right edge starts a new row and the chart grows to hold it
  let lx = pad + 4, row = 0;
  for (const s of series) {
    // a dashed line's key is a dashed stroke, any other's a square of its colour
    const rect = s.dash ? el("svg:rect", { x: lx, y: h - 13, width: 10, height: 10, fill: "none", stroke: s.colour, "stroke-width": 1.5, "stroke-dasharray": "3 2" }, svg)
      : el("svg:rect", { x: lx, y: h - 13, width: 10, height: 10, fill: s.colour }, svg);
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

export function barChart(svg, kpis) {
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
    // the pair as the table beside it writes them (with the decimals its difference needs,
    // fmtWithDiff): the bars read "20" and "22.9" where the table read 20.0 and 22.9
    const said = fmtWithDiff(k.base, k.cur, k.diff, k.lo, k.hi);
    for (const [j, [v, col]] of [[k.base, BASE], [k.cur, CUR]].entries()) {
      const bh = ((v || 0) / ymax) * (h - bottom - 20);
      el("svg:rect", { x: x0 + j * 60, y: h - bottom - bh, width: 50, height: bh, fill: col }, svg);
      el("svg:text", { x: x0 + j * 60 + 25, y: h - bottom - bh - 3, "text-anchor": "middle", "font-size": 11, class: "bar-value" }, svg, said[j]);
    }
    el("svg:text", { x: x0 + 55, y: h - bottom + 14, "text-anchor": "middle", "font-size": 11 }, svg, t(k.key.includes("rail") ? "rail" : "sea"));
  });
  el("svg:rect", { x: pad + 4, y: h - 13, width: 10, height: 10, fill: BASE }, svg);
  el("svg:text", { x: pad + 18, y: h - 4, "font-size": 10 }, svg, t("baseline"));
  el("svg:rect", { x: pad + 90, y: h - 13, width: 10, height: 10, fill: CUR }, svg);
  el("svg:text", { x: pad + 104, y: h - 4, "font-size": 10 }, svg, t("current"));
}
