"""The incident's map position: a small SVG locator on the bundled country outlines.

Drawn with matplotlib (no tiles, no network): the countries around the point
from ``riwaya/data/countries.geojson``, the incident's country shaded, the
point in red. A place known only to region precision (ACLED geo-precision 3)
or only by its country gets a translucent halo instead of a bare point, so the
map never looks more precise than the text was.
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass
from typing import Any

import matplotlib
from matplotlib.collections import PolyCollection
from matplotlib.figure import Figure
from matplotlib.patches import Circle

from riwaya.model import Place
from riwaya.report.geodata import centroid, clip, countries, find_country
from riwaya.report.plots import RC
from riwaya.report.safety import plain
from riwaya.report.svg import inline_svg

#: Half the locator's width and height in degrees.
HALF_W, HALF_H = 8.0, 6.0


@dataclass
class Position:
    """Where to put the point, and how much to trust it."""

    lon: float
    lat: float
    approximate: bool
    note: str          # how the position was obtained, shown in the caption
    country: dict[str, Any] | None


def position(place: Place | None) -> Position | None:
    """The point for ``place``: its coordinates, else its country's centroid, else None."""
    if place is None:
        return None
    feature = find_country(place.country) or find_country(place.canonical) or find_country(place.name)
    if place.latitude is not None and place.longitude is not None:
        approx = (place.geo_precision or 1) >= 3
        return Position(place.longitude, place.latitude, approx,
                        "إحداثيات المكان" + (" (دقة إقليمية)" if approx else ""), feature)
    if feature is not None:
        lon, lat = centroid(feature)
        return Position(lon, lat, True, "وسط الدولة (لا إحداثيات للمكان)", feature)
    return None


def _bbox(feature: dict[str, Any]) -> tuple[float, float, float, float]:
    xs = [p[0] for poly in feature["geometry"]["coordinates"] for ring in poly for p in ring]
    ys = [p[1] for poly in feature["geometry"]["coordinates"] for ring in poly for p in ring]
    return min(xs), min(ys), max(xs), max(ys)


def locator_svg(pos: Position, *, prefix: str, label: str = "") -> str:
    """SVG of the countries around ``pos`` with the point marked."""
    x0, x1 = pos.lon - HALF_W, pos.lon + HALF_W
    y0, y1 = pos.lat - HALF_H, pos.lat + HALF_H
    with matplotlib.rc_context(RC):
        fig = Figure(figsize=(3.4, 2.6), layout="constrained")
        ax = fig.add_subplot()
        shapes, faces, names = [], [], []
        for feature in countries():
            bx0, by0, bx1, by1 = _bbox(feature)
            if bx1 < x0 or bx0 > x1 or by1 < y0 or by0 > y1:
                continue
            here = pos.country is not None and feature["properties"] is pos.country["properties"]
            for poly in feature["geometry"]["coordinates"]:
                # only what the frame shows (plus a margin for the outline): smaller SVG
                ring = clip([tuple(p) for p in poly[0]], (x0 - 1, y0 - 1, x1 + 1, y1 + 1))
                if len(ring) >= 3:
                    shapes.append(ring)
                    faces.append("#f1dfbf" if here else "#eeeeee")
            cx, cy = centroid(feature)
            props = feature["properties"]
            # name the countries big enough to hold a label (tiny ones would overprint)
            roomy = here or (bx1 - bx0 > 1.8 or by1 - by0 > 1.8) and props.get("name_ar")
            if roomy and x0 + 1 < cx < x1 - 1 and y0 + 0.5 < cy < y1 - 0.5:
                names.append((cx, cy, plain(props.get("name_ar") or props["name"]), here))
        ax.add_collection(PolyCollection(shapes, facecolors=faces, edgecolors="#9a9a9a", linewidths=0.5))
        for cx, cy, name, here in names:
            ax.text(cx, cy, name, ha="center", va="center", fontsize=7,
                    color="#6b4e16" if here else "#888888", clip_on=True)
        if pos.approximate:
            ax.add_patch(Circle((pos.lon, pos.lat), 0.9, color="#c0392b", alpha=0.22, linewidth=0))
        ax.plot([pos.lon], [pos.lat], marker="o", markersize=7, color="#c0392b",
                markeredgecolor="white", markeredgewidth=1.2, linestyle="none")
        ax.set_xlim(x0, x1)
        ax.set_ylim(y0, y1)
        ax.set_aspect(1 / max(math.cos(math.radians(pos.lat)), 0.2))
        ax.set_facecolor("#dbe9f4")           # sea
        ax.set_xticks([])
        ax.set_yticks([])
        for spine in ax.spines.values():
            spine.set_visible(True)
            spine.set_color("#9a9a9a")
        buf = io.StringIO()
        fig.savefig(buf, format="svg", metadata={"Date": None, "Creator": None}, transparent=True)
    return inline_svg(buf.getvalue(), prefix, label=label)
