"""The figures plot of a contested slot, drawn with matplotlib as inline SVG.

One row per independent source (voice), so the eye compares *sources*, not
repetitions of one source by many outlets. A hedge is drawn as what it means:
an exact figure is a dot, «نحو» a diamond, «بين 25 و40» a bar, «عشرات» a dashed
bar over 20–99, «أكثر من 150» an open dot at 150 with an arrow running to the
edge (no upper bound), «على الأقل» the same with a filled dot (bound included),
a denial a cross at zero. Colour is the source kind. When the figures span
orders of magnitude (hundreds of detainees vs. thousands) the axis is
logarithmic, symmetric-log when a zero (a denial) must show.

Text is written with ``svg.fonttype='none'``: labels stay Unicode text in
logical order and the *browser* shapes the Arabic and applies bidi, which
matplotlib itself cannot. (Reshaping with arabic-reshaper + python-bidi would
store visual-order presentation forms that the browser would then reorder a
second time, and would break copy and search.)
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass, field

import matplotlib
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import FuncFormatter
from matplotlib.transforms import Transform

from riwaya.model import Estimate
from riwaya.report.labels import kind_colour
from riwaya.report.safety import plain
from riwaya.report.svg import inline_svg

#: Above this max/min ratio of the positive figures the axis goes logarithmic.
LOG_RATIO = 50

RC = {
    "svg.fonttype": "none",
    "svg.hashsalt": "riwaya",           # stable ids: identical input, identical report
    "font.family": "sans-serif",
    "font.sans-serif": ["DejaVu Sans"],
    "font.size": 9,
    "axes.spines.top": False,
    "axes.spines.right": False,
}


@dataclass
class Mark:
    """One figure as a source stated it."""

    low: int | None
    high: int | None
    qualifier: str
    stance: str = "asserts"


@dataclass
class Row:
    """One independent source: its label, kind and every figure it gave."""

    label: str
    kind: str
    marks: list[Mark] = field(default_factory=list)


def _values(rows: list[Row], estimate: Estimate | None) -> list[int]:
    vals = [v for r in rows for m in r.marks for v in (m.low, m.high) if v is not None]
    vals += [0 for r in rows for m in r.marks if m.stance == "denies"]
    if estimate:
        vals += [v for v in (estimate.low, estimate.best, estimate.high, estimate.conservative) if v is not None]
    return vals


def scale_for(rows: list[Row], estimate: Estimate | None = None) -> str:
    """``linear``, ``log`` or ``symlog`` for these figures (see :data:`LOG_RATIO`)."""
    vals = _values(rows, estimate)
    pos = [v for v in vals if v > 0]
    if not pos or max(pos) / min(pos) < LOG_RATIO:
        return "linear"
    return "symlog" if any(v <= 0 for v in vals) else "log"


def _svg(fig: Figure, prefix: str, label: str) -> str:
    buf = io.StringIO()
    fig.savefig(buf, format="svg", metadata={"Date": None, "Creator": None}, transparent=True)
    return inline_svg(buf.getvalue(), prefix, label=label)


def figures_plot(rows: list[Row], estimate: Estimate | None, *, prefix: str,
                 axis_label: str = "العدد", label: str = "",
                 legend: Callable[[str], str] = str) -> str:
    """SVG of the slot's figures, one row per source; see the module docstring.

    ``legend`` names a source kind in the plot's legend (the HTML passes the
    Arabic label; the browser shapes it).
    """
    with matplotlib.rc_context(RC):
        fig = Figure(figsize=(7.0, 1.35 + 0.42 * len(rows)), layout="constrained")
        ax = fig.add_subplot()
        scale = scale_for(rows, estimate)
        vals = _values(rows, estimate) or [1]
        top = max(max(vals), 1)
        # a denial sits at zero: start just left of it so its cross is not cut by the axis
        floor = -0.03 * top if scale == "linear" and min(vals) <= 0 else 0
        if scale == "linear":
            ax.set_xlim(floor, top * 1.18)
        elif scale == "log":
            ax.set_xscale("log")
            ax.set_xlim(min(v for v in vals if v > 0) / 2, top * 3)
        else:
            ax.set_xscale("symlog", linthresh=1, linscale=0.4)
            ax.set_xlim(-0.4, top * 3)
        edge = ax.get_yaxis_transform()          # x in axes fraction, y in data
        for i, row in enumerate(rows):
            colour = kind_colour(row.kind)
            n = len(row.marks)
            for j, m in enumerate(row.marks):
                y = i + (0 if n == 1 else -0.25 + 0.5 * j / (n - 1))
                _draw_mark(ax, m, y, colour, edge)
        if estimate is not None:
            _draw_estimate(ax, estimate)
        if scale != "linear":   # plain counts, not 10², on the log axis
            ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _pos: f"{v:,.0f}"))
        ax.set_yticks(range(len(rows)), [plain(r.label) for r in rows])
        ax.set_ylim(len(rows) - 0.5, -0.5)      # first source on top
        ax.set_xlabel(axis_label + (" (مقياس لوغاريتمي)" if scale != "linear" else ""))
        ax.grid(axis="x", color="#dddddd", linewidth=0.6)
        ax.set_axisbelow(True)
        ax.tick_params(axis="y", length=0)
        handles = [Patch(color=kind_colour(k), label=plain(legend(k))) for k in dict.fromkeys(r.kind for r in rows)]
        if estimate is not None and estimate.best is not None:
            handles.append(Line2D([], [], color="#333333", linestyle="--", label="التقدير"))
        ax.legend(handles=handles, loc="lower left", bbox_to_anchor=(0, 1.0), ncol=min(len(handles), 4),
                  frameon=False, fontsize=8, handlelength=1.2)
        return _svg(fig, prefix, label)


def _draw_mark(ax: Axes, m: Mark, y: float, colour: str, edge: Transform) -> None:
    """Draw one hedged figure at row height ``y``."""
    filled = {"markerfacecolor": colour, "markeredgecolor": colour}
    hollow = {"markerfacecolor": "white", "markeredgecolor": colour, "markeredgewidth": 1.6}
    arrow = {"arrowstyle": "-|>", "color": colour, "lw": 1.6, "shrinkA": 0, "shrinkB": 0,
             "mutation_scale": 10}
    if m.stance == "denies":
        ax.plot([0], [y], marker="X", markersize=9, linestyle="none", **filled)
        return
    q, lo, hi = m.qualifier, m.low, m.high
    if lo is not None and hi is not None and lo != hi:
        dashed = q == "vague"
        ax.plot([lo, hi], [y, y], color=colour, linewidth=2.2 if dashed else 3.2,
                linestyle=(0, (3, 2)) if dashed else "-", solid_capstyle="butt")
        ax.plot([lo, hi], [y, y], marker="|", markersize=10, linestyle="none", color=colour)
    elif lo is not None and hi is None:               # at_least / more_than: open above
        ax.annotate("", xy=(0.995, y), xycoords=edge, xytext=(lo, y), textcoords="data", arrowprops=arrow)
        ax.plot([lo], [y], marker="o", markersize=7, linestyle="none",
                **(hollow if q == "more_than" else filled))
    elif hi is not None and lo is None:               # at_most / less_than: open below
        ax.annotate("", xy=(0.005, y), xycoords=edge, xytext=(hi, y), textcoords="data", arrowprops=arrow)
        ax.plot([hi], [y], marker="o", markersize=7, linestyle="none",
                **(hollow if q == "less_than" else filled))
    elif lo is not None:                              # a point: exact or approx
        ax.plot([lo], [y], marker="D" if q == "approx" else "o", markersize=6.5 if q == "approx" else 7,
                linestyle="none", **filled)


def _draw_estimate(ax: Axes, est: Estimate) -> None:
    """The derived estimate: a grey band low–high, dashed best, dotted conservative."""
    if est.low is not None and est.high is not None and est.high > est.low:
        ax.axvspan(est.low, est.high, color="#999999", alpha=0.15, linewidth=0)
    if est.best is not None:
        ax.axvline(est.best, color="#333333", linestyle="--", linewidth=1)
    if est.conservative is not None and est.conservative != est.best:
        ax.axvline(est.conservative, color="#333333", linestyle=":", linewidth=1)
