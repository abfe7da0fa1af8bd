// yiwu-sim explorer: where things are on the map. The path and colour of each line, where the
// queue of a crossing is drawn, and where a train is at a given hour.

import { LINE_COLOURS, state } from "./page.js";

function seaControl(a, b) { return [(a[0] + b[0]) / 2, Math.min(state.init.map.height - 10, Math.max(a[1], b[1]) + 110)]; }
function linePoints(lid) { return state.init.map.lines[lid].path.map((n) => state.init.map.nodes[n].xy); }
export function lineColour(lid) {
  // the report's colour of the line (sim.output.colours), the same in every figure
  const L = state.init.map.lines[lid];
  return (L && L.colour) || LINE_COLOURS[Object.keys(state.init.map.lines).indexOf(lid) % LINE_COLOURS.length];
}
export function linePath(lid) {
  const L = state.init.map.lines[lid], pts = linePoints(lid);
  if (L.mode === "sea") return `M${pts[0]} L${pts[1]} Q${seaControl(pts[1], pts[2])} ${pts[2]}`;
  return "M" + pts.map((p) => p.join(",")).join(" L");
}
export const QSIZE = 9;
export const nodeR = {};
// the queue of a crossing is drawn as rows of squares above its circle: keep labels out of there
export const queueTop = (id, n) => n.xy[1] - (nodeR[id] || 5) - 3;
export const queueBox = (id, n) => [n.xy[0] - QSIZE / 2 - 1, queueTop(id, n) - 2 * (QSIZE + 1) - 1, n.xy[0] - QSIZE / 2 + 6 * (QSIZE + 1), queueTop(id, n)];

// a node of the map: on a line in use, or elsewhere on the network (a detour passes it)
export const placeOf = (id) => state.init.map.nodes[id] || (state.init.map.places || {})[id];
// the way a train runs: its line, or the path it took round a closed crossing (the server's
// `path` of node ids and `km` from the origin at each, from the crossings it passed)
function route(mv) {
  if (mv.path) return { mode: "rail", path: mv.path, km: mv.km, pts: mv.path.map((n) => placeOf(n).xy) };
  const L = state.init.map.lines[mv.line];
  return { mode: L.mode, path: L.path, km: L.km, pts: linePoints(mv.line) };
}
// the parts of the path a train took round a closed crossing that leave its line, as one SVG
// path (null for a train on its line): the line itself is drawn already
export function takenPath(mv) {
  if (!mv.path) return null;
  const on = state.init.map.lines[mv.line].path, pts = route(mv).pts;
  const along = new Set(on.slice(1).map((n, k) => `${on[k]} ${n}`));
  let d = "", open = false;
  for (let k = 1; k < mv.path.length; k++) {
    if (along.has(`${mv.path[k - 1]} ${mv.path[k]}`)) { open = false; continue; }
    d += open ? ` L${pts[k].join(",")}` : ` M${pts[k - 1].join(",")} L${pts[k].join(",")}`;
    open = true;
  }
  return d.trim() || null;
}

// the point a fraction `f` of the way from the route's stop `from` to its stop `to`
function positionOn(L, f, from, to) {
  const pts = L.pts;
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

// where a train is at hour t: moving between fixed points, or queueing / being served. A train
// still waiting at a crossing when the run ends has no arrival (t1): it is there up to the end
export function trainAt(mv, t) {
  const t1 = mv.t1 !== null ? mv.t1 : mv.waits_at_end ? state.season.days * 24 : null;
  if (mv.t0 === null || t < mv.t0 || t1 === null || t > t1) return null;
  const L = route(mv);
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
  way.push([last, t1]);
  for (let k = 0; k + 1 < way.length; k++) {
    const [i0, ta] = way[k], [i1, tb] = way[k + 1];
    if (t >= ta && t <= tb && i0 !== i1) {
      const f = tb > ta ? (t - ta) / (tb - ta) : 0;
      return { state: "moving", xy: positionOn(L, f, i0, i1) };
    }
  }
  return null;
}

// why train `did` queued at crossing `b` (a key of reason.*): from its crossings row, or, still
// waiting when the run ends, from the list of those
export function crossingReason(b, did) {
  const c = state.season.waits.crossings[b];
  const row = c && c.trains.find((r) => r[0] === did);
  if (row) return row[5];
  const still = c && (c.waiting_at_end || []).find((r) => r[0] === did);
  return still ? still[3] : "none";
}
