// yiwu-sim explorer: what every part of the page shares. The page is plain JavaScript modules
// (no library, no build step, nothing from the internet); app.js starts it. This module holds
// the page's state, the colours the views agree on and two small helpers for the document.

const NS = "http://www.w3.org/2000/svg";
export const BASE = "#8a8f98", CUR = "#d9480f";
export const QUEUE = "#c92a2a", SERVED = "#f08c00", CHOSEN = "#b00020";
// a train still waiting at a crossing when the run ends (held by a closure, or queued at an open
// crossing): in no row of the trains served, drawn from the summary's list of them
export const STILL = "#862e9c";
export const REASON_COLOUR = { box: "#74c0fc", departure: "#1c7ed6", full: "#c92a2a" };
export const LINE_COLOURS = ["#1c7ed6", "#2b8a3e", "#9c36b5", "#e67700", "#0b7285", "#c2255c"];

// One object, so that every module reads and writes the same values (an imported `let` could
// not be assigned from another module). `init`: what api/init sent (controls, glossary, map);
// `setting`: the values the controls show; `lang`: "en" or "zh"; `selected`: the map element
// the detail card shows; `frameT`: the animation's hour; `season`: the trains' movements and
// waits of the current run; `lastState`: the job state last drawn; `playing`: the animation runs.
export const state = {
  init: null, setting: {}, lang: "en", selected: null, frameT: null,
  season: null, lastState: null, playing: false,
};

export const $ = (id) => document.getElementById(id);
export function el(tag, attrs, parent, text) {
  const e = tag.startsWith("svg:") ? document.createElementNS(NS, tag.slice(4)) : document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
  if (text !== undefined) e.textContent = text;
  if (parent) parent.appendChild(e);
  return e;
}
