"""Figures plot, locator and bundled outlines: scale choice, hedge drawing, clean inline SVG."""

from __future__ import annotations

import json
import re
from importlib import resources

from riwaya.model import Estimate, Place
from riwaya.report.geodata import centroid, countries, find_country
from riwaya.report.locator import locator_svg, position
from riwaya.report.plots import Mark, Row, figures_plot, scale_for
from riwaya.report.svg import inline_svg


def _rows(*values: tuple[int | None, int | None, str]) -> list[Row]:
    return [Row(f"S{i}", "monitor", [Mark(lo, hi, q)]) for i, (lo, hi, q) in enumerate(values, 1)]


def test_scale_goes_log_only_across_orders_of_magnitude() -> None:
    assert scale_for(_rows((20, 99, "vague"), (60, None, "more_than"))) == "linear"
    assert scale_for(_rows((200, 999, "vague"), (15000, 15000, "exact"))) == "log"
    # a denial (zero) must still show: symmetric log
    rows = _rows((200, 999, "vague"), (15000, 15000, "exact"))
    rows.append(Row("S9", "party", [Mark(0, 0, "exact", "denies")]))
    assert scale_for(rows) == "symlog"
    # the estimate counts too
    assert scale_for(_rows((10, 10, "exact")), Estimate(10, 10, 5000, 10, "r")) == "log"
    assert scale_for([]) == "linear"


def _paths(svg: str) -> int:
    return svg.count("<path")


def test_open_bounds_get_arrows_and_labels_stay_text() -> None:
    closed = figures_plot(_rows((60, 60, "exact"), (20, 99, "vague")), None, prefix="a")
    opened = figures_plot(_rows((60, None, "more_than"), (20, 99, "vague")), None, prefix="b")
    # the arrow (a FancyArrowPatch) adds a path the exact point does not have
    assert _paths(opened) > _paths(closed)
    arabic = figures_plot([Row("S1 · المرصد السوري", "monitor", [Mark(5, 5, "exact")])], None, prefix="c",
                          legend=lambda k: "جهة رصد")
    # svg.fonttype='none': Arabic stays Unicode text for the browser to shape
    assert ">S1 · المرصد السوري</text>" in arabic and ">جهة رصد</text>" in arabic
    assert ">العدد</text>" in arabic


def test_log_axis_ticks_are_plain_counts() -> None:
    svg = figures_plot(_rows((200, 999, "vague"), (15000, 15000, "exact")), None, prefix="d")
    assert ">10,000</text>" in svg and ">1,000</text>" in svg


def test_inline_svg_is_clean_and_prefixed() -> None:
    one = figures_plot(_rows((1, 5, "range")), Estimate(1, 3, 5, 1, "r"), prefix="p1", label="أرقام")
    two = figures_plot(_rows((1, 5, "range")), Estimate(1, 3, 5, 1, "r"), prefix="p2")
    for svg, prefix in ((one, "p1-"), (two, "p2-")):
        assert svg.startswith("<svg") and "<?xml" not in svg and "DOCTYPE" not in svg
        assert "http" not in svg and "<metadata" not in svg
        ids = re.findall(r'id="([^"]+)"', svg)
        assert ids and all(i.startswith(prefix) for i in ids)
        for ref in re.findall(r'(?:url\(#|href="#)([^)"]+)', svg):
            assert ref in ids
    assert not set(re.findall(r'id="([^"]+)"', one)) & set(re.findall(r'id="([^"]+)"', two))
    assert 'aria-label="أرقام"' in one and 'role="img"' in one


def test_inline_svg_rewrites_references() -> None:
    raw = ('<?xml version="1.0"?><!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/x.dtd">'
           '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="10pt" '
           'height="5pt" viewBox="0 0 10 5"><defs><clipPath id="c1"/><path id="c10"/></defs>'
           '<g clip-path="url(#c1)"><use xlink:href="#c10"/></g></svg>')
    out = inline_svg(raw, "z")
    assert out == ('<svg role="img" width="10pt" height="5pt" viewBox="0 0 10 5"><defs><clipPath id="z-c1"/>'
                   '<path id="z-c10"/></defs><g clip-path="url(#z-c1)"><use href="#z-c10"/></g></svg>')
    assert 'width' not in inline_svg(raw, "z", keep_size=False)


def test_country_lookup_by_code_and_name() -> None:
    for name in ("سوريا", "سورية", "SY", "SYR", "Syria", "syria"):
        assert find_country(name)["properties"]["iso_a3"] == "SYR", name
    assert find_country("العراق")["properties"]["name"] == "Iraq"
    assert find_country("Afghanistan")["properties"]["name_ar"] == "أفغانستان"
    assert find_country("Atlantis") is None and find_country(None) is None
    lon, lat = centroid(find_country("ليبيا"))
    assert 10 < lon < 25 and 20 < lat < 32


def test_bundled_outlines_are_small_and_cover_the_region() -> None:
    raw = resources.files("riwaya").joinpath("data/countries.geojson").read_bytes()
    assert len(raw) < 150_000
    data = json.loads(raw)
    assert "Natural Earth" in data["source"] and "public domain" in data["source"]
    names = {f["properties"]["iso_a3"] for f in countries()}
    assert {"SYR", "IRQ", "LBY", "YEM", "AFG", "EGY", "MAR", "TUR", "IRN", "SOM", "PSE"} <= names


def test_locator_position_from_coordinates_or_country() -> None:
    exact = position(Place(name="سجن", country="سوريا", latitude=36.5, longitude=40.7, geo_precision=1))
    assert exact is not None and not exact.approximate and (exact.lon, exact.lat) == (40.7, 36.5)
    region = position(Place(name="ريف", latitude=36.5, longitude=40.7, geo_precision=3))
    assert region is not None and region.approximate
    fallback = position(Place(name="قرية", country="العراق"))
    assert fallback is not None and fallback.approximate and "وسط الدولة" in fallback.note
    assert position(Place(name="مكان ما")) is None and position(None) is None


def test_locator_draws_neighbours_and_the_point() -> None:
    svg = locator_svg(position(Place(name="x", country="سوريا", latitude=36.5, longitude=40.7)), prefix="m")
    assert svg.startswith("<svg") and "http" not in svg
    for name in ("سوريا", "العراق", "تركيا"):
        assert f">{name}</text>" in svg
    assert ">ليبيا</text>" not in svg          # far outside the frame
