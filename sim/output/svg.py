"""A small SVG chart kit for the report: panels with axes, lines, bars, points and text.

Why not matplotlib for the report: drawing and rasterising a dozen matplotlib figures takes about
a second on two cores, plus 0.3 s to import it, which is most of a small run's time. The report's
figures are simple (lines, bars, dots, a map), so they are written here as SVG text with numpy
doing the arithmetic: a figure takes milliseconds, stays sharp at any zoom, and its text is real
text (Chinese labels need no font in Python; the browser has one). :mod:`sim.figures` draws
matplotlib figures of saved results for papers and notebooks.

Coordinates: a :class:`Figure` is ``width`` x ``height`` pixels; a :class:`Panel` maps data
coordinates into a rectangle of it. Every text is escaped.
"""

from __future__ import annotations

import html
import itertools
import math
from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from typing import Any

import numpy as np

FONT = "system-ui,-apple-system,'Segoe UI','Noto Sans','Noto Sans CJK SC','PingFang SC',sans-serif"
GRID = "#e6e6e6"
AXIS = "#888"
INK = "#222"
MUTED = "#666"

MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def esc(text: object) -> str:
    """Text for SVG (escaped)."""
    return html.escape(str(text), quote=True)


def unsigned_zero(text: str) -> str:
    """A number as written, without the minus sign of one that rounds to zero: a paired
    difference of -0.0012 days is "0.00", not "-0.00" (the comparison report of the festival
    closure's what-ifs gave the lead time's p95 "-0.00 ± 0.17" where the command line printed
    "0.00 ± 0.17"; a reader takes the sign for a direction)."""
    return text[1:] if text.startswith("-") and not text.strip("-0.,") else text


def fmt(v: float) -> str:
    """A number for a tick or label: no trailing zeros, thousands separated."""
    if v == 0:
        return "0"
    a = abs(v)
    if a >= 1000:
        return f"{v:,.0f}"
    if a >= 10:
        return f"{v:.0f}"
    if a >= 1:
        return f"{v:.1f}".rstrip("0").rstrip(".")
    if a < 0.01:  # a small difference keeps two significant digits instead of reading 0
        return f"{v:.2g}"
    return f"{v:.2f}".rstrip("0").rstrip(".")


def tick_text(values: list[float]) -> list[str]:
    """Tick labels with as many decimals as the step between ticks needs, so that no two
    labels read alike (``28.2 28.4 28.6``, not ``28 28 29``); thousands separated."""
    if len(values) < 2:
        return [fmt(v) for v in values]
    step = (
        min(abs(b - a) for a, b in itertools.pairwise(values) if b != a)
        if len(set(values)) > 1
        else 1.0
    )
    nd = max(0, -math.floor(math.log10(step) + 1e-9)) if step > 0 else 0
    # as many more decimals as the values need to be written exactly: a step of 2.5 gives
    # 0, 2.5, 5, not 0, 2, 5 (2.5 rounded half to even)
    while nd < 6 and any(abs(round(v, nd) - v) > 1e-9 * max(1.0, abs(v)) for v in values):
        nd += 1
    out = []
    for v in values:
        text = f"{v:,.{nd}f}"
        out.append("0" if float(v) == 0 or text.strip("-0.,") == "" else text)
    return out


def nice_ticks(lo: float, hi: float, n: int = 5) -> list[float]:
    """About ``n`` round tick values covering ``[lo, hi]``."""
    if not (math.isfinite(lo) and math.isfinite(hi)) or hi <= lo:
        hi = lo + 1.0
    raw = (hi - lo) / max(n, 1)
    mag = 10 ** math.floor(math.log10(raw))
    step = next(m * mag for m in (1, 2, 2.5, 5, 10) if m * mag >= raw)
    first = math.ceil(lo / step - 1e-9) * step
    ticks = []
    v = first
    while v <= hi + 1e-9 * step:
        ticks.append(round(v, 10))
        v += step
    return ticks


def date_ticks(
    start: date, first_day: float, last_day: float, lang: str
) -> list[tuple[float, str]]:
    """Ticks at the first of each month between two day indices (a label with the year at
    January and at the first tick); every other month when the span is long."""
    d0 = start + timedelta(days=math.floor(first_day))
    d1 = start + timedelta(days=math.ceil(last_day))
    months = []
    y, m = d0.year, d0.month
    while date(y, m, 1) <= d1:
        if date(y, m, 1) >= d0:
            months.append(date(y, m, 1))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    if len(months) > 14:
        months = months[::2]
    if len(months) < 2:  # a short run: weekly ticks
        days = [d0 + timedelta(days=i) for i in range(0, (d1 - d0).days + 1, 7)]
        return [(float((d - start).days), day_label(d, lang)) for d in days]
    out: list[tuple[float, str]] = []
    for i, d in enumerate(months):
        if lang == "zh":
            text = f"{d.month}月" if d.month != 1 and i else f"{d.year}年{d.month}月"
        else:
            text = MONTHS_EN[d.month - 1] + (f" {d.year}" if d.month == 1 or i == 0 else "")
        out.append(((d - start).days, text))
    return out


def day_label(d: date, lang: str = "en") -> str:
    """A short calendar date: ``5 Feb`` / ``2月5日``."""
    return f"{d.month}月{d.day}日" if lang == "zh" else f"{d.day} {MONTHS_EN[d.month - 1]}"


class Figure:
    """One SVG image: panels, legends and text drawn in order."""

    def __init__(self, width: float, height: float, title: str | None = None) -> None:
        self.width, self.height = width, height
        self.parts: list[str] = []
        if title:
            self.text(12, 20, title, size=14, weight="600")

    def add(self, element: str) -> None:
        self.parts.append(element)

    def text(
        self,
        x: float,
        y: float,
        s: object,
        *,
        size: float = 11,
        anchor: str = "start",
        colour: str = INK,
        weight: str | None = None,
        rotate: float | None = None,
        halo: bool = False,
    ) -> None:
        extra = f' font-weight="{weight}"' if weight else ""
        if rotate is not None:
            extra += f' transform="rotate({rotate:.0f} {x:.1f} {y:.1f})"'
        if halo:
            extra += ' stroke="white" stroke-width="3" paint-order="stroke"'
        self.add(
            f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}" '
            f'fill="{colour}"{extra}>{esc(s)}</text>'
        )

    def legend(
        self,
        x: float,
        y: float,
        items: Sequence[tuple[str, str]],
        *,
        cols: int = 1,
        col_w: float = 120,
        kind: str = "line",
    ) -> None:
        """Colour keys with labels, in ``cols`` columns from (x, y)."""
        for i, (lab, colour) in enumerate(items):
            cx = x + (i % cols) * col_w
            cy = y + (i // cols) * 15
            if kind == "line":
                self.add(
                    f'<line x1="{cx:.1f}" y1="{cy - 4:.1f}" x2="{cx + 16:.1f}" y2="{cy - 4:.1f}" '
                    f'stroke="{colour}" stroke-width="3"/>'
                )
            else:
                self.add(
                    f'<rect x="{cx:.1f}" y="{cy - 9:.1f}" width="12" height="10" fill="{colour}"/>'
                )
            self.text(cx + 20, cy, lab, size=10)

    def panel(self, x: float, y: float, w: float, h: float, **kw: object) -> Panel:
        return Panel(self, x, y, w, h, **kw)  # type: ignore[arg-type]

    def render(self) -> str:
        return (
            f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {self.width:.0f} '
            f'{self.height:.0f}" width="{self.width:.0f}" height="{self.height:.0f}" '
            f'font-family="{FONT}" role="img"><rect width="100%" height="100%" fill="white"/>'
            + "".join(self.parts)
            + "</svg>"
        )


class Panel:
    """A plotting rectangle with linear x and y scales, axes, ticks and a title."""

    def __init__(
        self,
        fig: Figure,
        x: float,
        y: float,
        w: float,
        h: float,
        *,
        xlim: tuple[float, float],
        ylim: tuple[float, float],
        title: str | None = None,
        xticks: Sequence[tuple[float, str]] | None = None,
        yticks: Sequence[tuple[float, str]] | None = None,
        xlabel: str | None = None,
        ylabel: str | None = None,
        percent_y: bool = False,
        percent_x: bool = False,
        grid: str = "y",
    ) -> None:
        self.fig, self.x, self.y, self.w, self.h = fig, x, y, w, h
        # a reversed range is allowed (rows listed from the top); an empty one is widened
        self.x0, self.x1 = xlim if xlim[1] != xlim[0] else (xlim[0], xlim[0] + 1)
        self.y0, self.y1 = ylim if ylim[1] != ylim[0] else (ylim[0], ylim[0] + 1)
        ylo, yhi = min(self.y0, self.y1), max(self.y0, self.y1)
        xlo, xhi = min(self.x0, self.x1), max(self.x0, self.x1)
        if title:
            fig.text(x, y - 6, title, size=11, weight="600")
        if yticks is None:
            ys = nice_ticks(ylo, yhi, max(2, int(h // 40)))
            texts = tick_text([100 * v for v in ys] if percent_y else ys)
            yticks = [(v, f"{t} %" if percent_y else t) for v, t in zip(ys, texts)]
        if xticks is None:
            xs = nice_ticks(xlo, xhi, max(2, int(w // 70)))
            texts = tick_text([100 * v for v in xs] if percent_x else xs)
            xticks = [(v, f"{t} %" if percent_x else t) for v, t in zip(xs, texts)]
        for v, lab in yticks:
            if not ylo - 1e-9 <= v <= yhi + 1e-9:
                continue
            py = float(self.sy(v))
            if "y" in grid:
                fig.add(
                    f'<line x1="{x:.1f}" y1="{py:.1f}" x2="{x + w:.1f}" y2="{py:.1f}" '
                    f'stroke="{GRID}"/>'
                )
            fig.text(x - 4, py + 3.5, lab, size=9, anchor="end", colour=MUTED)
        for v, lab in xticks:
            if not xlo - 1e-9 <= v <= xhi + 1e-9:
                continue
            px = float(self.sx(v))
            if "x" in grid:
                fig.add(
                    f'<line x1="{px:.1f}" y1="{y:.1f}" x2="{px:.1f}" y2="{y + h:.1f}" '
                    f'stroke="{GRID}"/>'
                )
            fig.add(
                f'<line x1="{px:.1f}" y1="{y + h:.1f}" x2="{px:.1f}" y2="{y + h + 3:.1f}" '
                f'stroke="{AXIS}"/>'
            )
            fig.text(px, y + h + 13, lab, size=9, anchor="middle", colour=MUTED)
        fig.add(f'<path d="M{x:.1f},{y:.1f}V{y + h:.1f}H{x + w:.1f}" fill="none" stroke="{AXIS}"/>')
        if xlabel:
            fig.text(x + w / 2, y + h + 27, xlabel, size=10, anchor="middle", colour=MUTED)
        if ylabel:
            fig.text(x - 38, y + h / 2, ylabel, size=10, anchor="middle", colour=MUTED, rotate=-90)

    def sx(self, v: float | np.ndarray) -> float | np.ndarray:
        return self.x + (np.asarray(v, dtype=float) - self.x0) / (self.x1 - self.x0) * self.w

    def sy(self, v: float | np.ndarray) -> float | np.ndarray:
        return (
            self.y + self.h - (np.asarray(v, dtype=float) - self.y0) / (self.y1 - self.y0) * self.h
        )

    def _clip_x(self, v: float) -> float:
        return float(min(max(v, self.x0), self.x1))

    def line(
        self,
        xs: Iterable[float],
        ys: Iterable[float],
        colour: str,
        *,
        width: float = 1.6,
        dash: str | None = None,
        opacity: float = 1.0,
    ) -> None:
        """A polyline; NaN values break it."""
        px = np.asarray(self.sx(np.asarray(list(xs), dtype=float)))
        py = np.asarray(self.sy(np.asarray(list(ys), dtype=float)))
        d, pen = [], False
        for a, b in zip(px.tolist(), py.tolist()):  # Python floats format faster than NumPy's
            if math.isnan(a) or math.isnan(b):
                pen = False
                continue
            d.append(f"{'L' if pen else 'M'}{a:.1f},{b:.1f}")
            pen = True
        if d:
            extra = f' stroke-dasharray="{dash}"' if dash else ""
            if opacity < 1:
                extra += f' stroke-opacity="{opacity}"'
            self.fig.add(
                f'<path d="{"".join(d)}" fill="none" stroke="{colour}" stroke-width="{width}" '
                f'stroke-linejoin="round" stroke-linecap="round"{extra}/>'
            )

    def band(
        self,
        xs: Any,
        lo: Any,
        hi: Any,
        colour: str,
        opacity: float = 0.2,
    ) -> None:
        px = np.asarray(self.sx(np.asarray(xs, dtype=float)))
        pl = np.asarray(self.sy(np.asarray(lo, dtype=float)))
        ph = np.asarray(self.sy(np.asarray(hi, dtype=float)))
        if not px.size:
            return
        xs_, hs_, ls_ = px.tolist(), ph.tolist(), pl.tolist()  # Python floats format faster
        pts = [f"{a:.1f},{b:.1f}" for a, b in zip(xs_, hs_)] + [
            f"{a:.1f},{b:.1f}" for a, b in zip(xs_[::-1], ls_[::-1])
        ]
        self.fig.add(
            f'<polygon points="{" ".join(pts)}" fill="{colour}" fill-opacity="{opacity}"/>'
        )

    def rect(
        self,
        x0: float,
        y0: float,
        x1: float,
        y1: float,
        colour: str,
        opacity: float = 1.0,
        title: str | None = None,
    ) -> None:
        """A rectangle between data coordinates (bars, spans)."""
        a, b = float(self.sx(x0)), float(self.sx(x1))
        c, d = float(self.sy(y0)), float(self.sy(y1))
        tip = f"<title>{esc(title)}</title>" if title else ""
        op = f' fill-opacity="{opacity}"' if opacity < 1 else ""
        self.fig.add(
            f'<rect x="{min(a, b):.1f}" y="{min(c, d):.1f}" width="{abs(b - a):.1f}" '
            f'height="{abs(d - c):.1f}" fill="{colour}"{op}>{tip}</rect>'
        )

    def span(self, x0: float, x1: float, colour: str, opacity: float = 0.25) -> None:
        self.rect(self._clip_x(x0), self.y0, self._clip_x(x1), self.y1, colour, opacity)

    def vline(
        self,
        x: float,
        colour: str,
        *,
        dash: str | None = "4 3",
        label: str | None = None,
        width: float = 1.2,
    ) -> None:
        if not self.x0 <= x <= self.x1:
            return
        px = float(self.sx(x))
        extra = f' stroke-dasharray="{dash}"' if dash else ""
        self.fig.add(
            f'<line x1="{px:.1f}" y1="{self.y:.1f}" x2="{px:.1f}" y2="{self.y + self.h:.1f}" '
            f'stroke="{colour}" stroke-width="{width}"{extra}/>'
        )
        if label:
            self.fig.text(
                px - 3, self.y + 10, label, size=9, anchor="end", colour=colour, halo=True
            )

    def hline(self, y: float, colour: str, *, dash: str | None = None, width: float = 1.0) -> None:
        py = float(self.sy(y))
        extra = f' stroke-dasharray="{dash}"' if dash else ""
        self.fig.add(
            f'<line x1="{self.x:.1f}" y1="{py:.1f}" x2="{self.x + self.w:.1f}" y2="{py:.1f}" '
            f'stroke="{colour}" stroke-width="{width}"{extra}/>'
        )

    def point(
        self, x: float, y: float, colour: str, r: float = 4, title: str | None = None
    ) -> None:
        tip = f"<title>{esc(title)}</title>" if title else ""
        self.fig.add(
            f'<circle cx="{float(self.sx(x)):.1f}" cy="{float(self.sy(y)):.1f}" r="{r}" '
            f'fill="{colour}" stroke="white" stroke-width="0.8">{tip}</circle>'
        )

    def hinterval(self, lo: float, hi: float, y: float, colour: str, width: float = 2.0) -> None:
        a, b, c = float(self.sx(lo)), float(self.sx(hi)), float(self.sy(y))
        self.fig.add(
            f'<path d="M{a:.1f},{c - 4:.1f}V{c + 4:.1f}M{a:.1f},{c:.1f}H{b:.1f}M{b:.1f},{c - 4:.1f}'
            f'V{c + 4:.1f}" stroke="{colour}" stroke-width="{width}" fill="none"/>'
        )

    def text(self, x: float, y: float, s: object, **kw: object) -> None:
        self.fig.text(float(self.sx(x)), float(self.sy(y)), s, **kw)  # type: ignore[arg-type]

    def label_y(self, y: float, s: object, colour: str = INK) -> None:
        """A category label left of the panel at data height ``y``."""
        self.fig.text(self.x - 4, float(self.sy(y)) + 3.5, s, size=9, anchor="end", colour=colour)
