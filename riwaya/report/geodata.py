"""Bundled country outlines for the incident locator, and the dev-time tool that made them.

The report must open with no network, so the outlines ship inside the package
as ``riwaya/data/countries.geojson``: Natural Earth 1:110m admin-0 countries
(public domain), as bundled in the ``geopandas`` 0.14.4 wheel
(``geopandas/datasets/naturalearth_lowres``), clipped to the Middle East,
North Africa and Afghanistan region, coordinates rounded to 0.01°, with
Arabic names and ISO-2 codes added so places resolved from Arabic text can be
matched. ``python -m riwaya.report.geodata SHP_DIR`` rebuilds the file; it
reads the shapefile by hand so that rebuilding needs no GIS library.
"""

from __future__ import annotations

import json
import struct
import sys
from collections.abc import Iterator
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

#: The region kept (lon_min, lat_min, lon_max, lat_max): MENA, the Sahel edge,
#: the Horn of Africa, Turkey, the Caucasus, Iran, Afghanistan and Pakistan,
#: with a margin so a locator centred near the edge still shows neighbours.
REGION = (-30.0, -8.0, 90.0, 56.0)

#: Arabic names and ISO-2 codes by ISO-3, written for riwaya (Natural Earth
#: lowres carries English names and ISO-3 only).
NAMES: dict[str, tuple[str, str]] = {
    "AFG": ("أفغانستان", "AF"), "ARE": ("الإمارات", "AE"), "ARM": ("أرمينيا", "AM"),
    "AZE": ("أذربيجان", "AZ"), "BHR": ("البحرين", "BH"), "CYP": ("قبرص", "CY"),
    "DJI": ("جيبوتي", "DJ"), "DZA": ("الجزائر", "DZ"), "EGY": ("مصر", "EG"),
    "ERI": ("إريتريا", "ER"), "ESH": ("الصحراء الغربية", "EH"), "ETH": ("إثيوبيا", "ET"),
    "GEO": ("جورجيا", "GE"), "GRC": ("اليونان", "GR"), "IRN": ("إيران", "IR"),
    "IRQ": ("العراق", "IQ"), "ISR": ("إسرائيل", "IL"), "JOR": ("الأردن", "JO"),
    "KWT": ("الكويت", "KW"), "LBN": ("لبنان", "LB"), "LBY": ("ليبيا", "LY"),
    "MAR": ("المغرب", "MA"), "MLI": ("مالي", "ML"), "MRT": ("موريتانيا", "MR"),
    "NER": ("النيجر", "NE"), "OMN": ("عُمان", "OM"), "PAK": ("باكستان", "PK"),
    "PSE": ("فلسطين", "PS"), "QAT": ("قطر", "QA"), "SAU": ("السعودية", "SA"),
    "SDN": ("السودان", "SD"), "SSD": ("جنوب السودان", "SS"), "SOM": ("الصومال", "SO"),
    "SOL": ("أرض الصومال", "SO"), "SYR": ("سوريا", "SY"), "TCD": ("تشاد", "TD"),
    "TJK": ("طاجيكستان", "TJ"), "TKM": ("تركمانستان", "TM"), "TUN": ("تونس", "TN"),
    "TUR": ("تركيا", "TR"), "UZB": ("أوزبكستان", "UZ"), "YEM": ("اليمن", "YE"),
    "NGA": ("نيجيريا", "NG"), "KEN": ("كينيا", "KE"), "ITA": ("إيطاليا", "IT"),
    "ESP": ("إسبانيا", "ES"), "FRA": ("فرنسا", "FR"), "IND": ("الهند", "IN"),
    "CHN": ("الصين", "CN"), "RUS": ("روسيا", "RU"), "KAZ": ("كازاخستان", "KZ"),
    "KGZ": ("قيرغيزستان", "KG"), "UKR": ("أوكرانيا", "UA"), "BGR": ("بلغاريا", "BG"),
    "PRT": ("البرتغال", "PT"), "UGA": ("أوغندا", "UG"), "CAF": ("جمهورية أفريقيا الوسطى", "CF"),
    "CMR": ("الكاميرون", "CM"), "BFA": ("بوركينا فاسو", "BF"), "SEN": ("السنغال", "SN"),
}

#: Other spellings users and gazetteers write for the same countries.
ALIASES: dict[str, str] = {
    "سورية": "SYR", "الجمهورية العربية السورية": "SYR", "العراق": "IRQ", "عراق": "IRQ",
    "ليبيا": "LBY", "اليمن": "YEM", "syrian arab republic": "SYR", "iraq": "IRQ",
    "türkiye": "TUR", "turkey": "TUR", "palestine": "PSE", "west bank": "PSE",
    "gaza": "PSE", "غزة": "PSE", "قطاع غزة": "PSE", "مصر": "EGY", "المملكة العربية السعودية": "SAU",
}


def _read_dbf(path: Path, encoding: str = "utf-8") -> list[dict[str, str]]:
    """Records of a dBASE III table as strings (the shapefile's attribute table)."""
    data = path.read_bytes()
    count = struct.unpack("<I", data[4:8])[0]
    header_len, record_len = struct.unpack("<HH", data[8:12])
    fields: list[tuple[str, int]] = []
    offset = 32
    while data[offset] != 0x0D:
        name = data[offset:offset + 11].split(b"\0")[0].decode("ascii")
        fields.append((name, data[offset + 16]))
        offset += 32
    rows = []
    for i in range(count):
        pos = header_len + i * record_len + 1   # skip the deletion flag
        row = {}
        for name, length in fields:
            row[name] = data[pos:pos + length].decode(encoding, "replace").strip()
            pos += length
        rows.append(row)
    return rows


def _read_shp(path: Path) -> Iterator[list[list[tuple[float, float]]]]:
    """Yield each polygon record of an ESRI shapefile as a list of rings."""
    data = path.read_bytes()
    pos = 100
    while pos < len(data):
        _, words = struct.unpack(">ii", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + words * 2]
        pos += 8 + words * 2
        shape_type = struct.unpack("<i", body[:4])[0]
        if shape_type != 5:         # only polygons in admin-0 files; null shapes yield nothing
            yield []
            continue
        n_parts, n_points = struct.unpack("<ii", body[36:44])
        parts = list(struct.unpack(f"<{n_parts}i", body[44:44 + 4 * n_parts])) + [n_points]
        base = 44 + 4 * n_parts
        coords = struct.unpack(f"<{2 * n_points}d", body[base:base + 16 * n_points])
        points = list(zip(coords[0::2], coords[1::2], strict=True))
        yield [points[parts[k]:parts[k + 1]] for k in range(n_parts)]


def clip(ring: list[tuple[float, float]], box: tuple[float, float, float, float]) -> list[tuple[float, float]]:
    """Sutherland–Hodgman clip of one ring to a lon/lat box (keeps the file small)."""
    x0, y0, x1, y1 = box
    edges = (
        (lambda p: p[0] >= x0, lambda a, b: _cut_x(a, b, x0)),
        (lambda p: p[0] <= x1, lambda a, b: _cut_x(a, b, x1)),
        (lambda p: p[1] >= y0, lambda a, b: _cut_y(a, b, y0)),
        (lambda p: p[1] <= y1, lambda a, b: _cut_y(a, b, y1)),
    )
    out = ring
    for inside, cut in edges:
        if not out:
            break
        src, out = out, []
        prev = src[-1]
        for cur in src:
            if inside(cur):
                if not inside(prev):
                    out.append(cut(prev, cur))
                out.append(cur)
            elif inside(prev):
                out.append(cut(prev, cur))
            prev = cur
    return out


def _cut_x(a: tuple[float, float], b: tuple[float, float], x: float) -> tuple[float, float]:
    t = (x - a[0]) / (b[0] - a[0])
    return (x, a[1] + t * (b[1] - a[1]))


def _cut_y(a: tuple[float, float], b: tuple[float, float], y: float) -> tuple[float, float]:
    t = (y - a[1]) / (b[1] - a[1])
    return (a[0] + t * (b[0] - a[0]), y)


def build(shp_dir: Path, out: Path) -> int:
    """Rebuild the bundled GeoJSON from a ``naturalearth_lowres`` directory; returns countries kept."""
    stem = shp_dir / "naturalearth_lowres"
    cpg = stem.with_suffix(".cpg")
    encoding = cpg.read_text().strip() if cpg.exists() else "latin-1"
    rows = _read_dbf(stem.with_suffix(".dbf"), "cp1252" if encoding == "1252" else encoding)
    features = []
    for row, rings in zip(rows, _read_shp(stem.with_suffix(".shp")), strict=True):
        polygons = []
        for ring in rings:
            clipped = clip(ring, REGION)
            rounded: list[list[float]] = []
            for x, y in clipped:
                pt = [round(x, 2), round(y, 2)]
                if not rounded or rounded[-1] != pt:
                    rounded.append(pt)
            if len(rounded) >= 4:
                if rounded[0] != rounded[-1]:
                    rounded.append(rounded[0])
                polygons.append([rounded])
        if not polygons:
            continue
        iso3 = row["iso_a3"]
        arabic, iso2 = NAMES.get(iso3, (None, None))
        features.append({
            "type": "Feature",
            "properties": {"name": row["name"], "name_ar": arabic, "iso_a3": iso3, "iso_a2": iso2},
            "geometry": {"type": "MultiPolygon", "coordinates": polygons},
        })
    collection = {
        "type": "FeatureCollection",
        "source": "Natural Earth 1:110m admin-0 countries (public domain), via geopandas 0.14.4 "
                  "naturalearth_lowres; clipped to the MENA/Afghanistan region by riwaya",
        "features": features,
    }
    out.write_text(json.dumps(collection, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    return len(features)


@lru_cache(maxsize=1)
def countries() -> list[dict[str, Any]]:
    """The bundled country features (loaded once per process)."""
    text = resources.files("riwaya").joinpath("data/countries.geojson").read_text(encoding="utf-8")
    return json.loads(text)["features"]


def find_country(name: str | None) -> dict[str, Any] | None:
    """The feature for a country given as ISO-2/ISO-3 code, English or Arabic name, else None."""
    if not name:
        return None
    key = name.strip()
    lowered = key.casefold()
    iso3 = ALIASES.get(key) or ALIASES.get(lowered)
    for feature in countries():
        props = feature["properties"]
        if iso3 and props["iso_a3"] == iso3:
            return feature
        if key.upper() in (props["iso_a3"], props["iso_a2"]) and len(key) in (2, 3):
            return feature
        if lowered == str(props["name"]).casefold() or key == props["name_ar"]:
            return feature
    return None


def centroid(feature: dict[str, Any]) -> tuple[float, float]:
    """Area-weighted centroid (lon, lat) of a feature's largest polygon: a fallback position."""
    rings = [poly[0] for poly in feature["geometry"]["coordinates"]]
    best = (0.0, 0.0, 0.0)
    for ring in rings:
        area = cx = cy = 0.0
        for (x0, y0), (x1, y1) in zip(ring, ring[1:], strict=False):
            cross = x0 * y1 - x1 * y0
            area += cross
            cx += (x0 + x1) * cross
            cy += (y0 + y1) * cross
        if abs(area) > abs(best[0]):
            best = (area, cx, cy)
    area, cx, cy = best
    if area == 0:
        x, y = rings[0][0]
        return float(x), float(y)
    return cx / (3 * area), cy / (3 * area)


if __name__ == "__main__":  # pragma: no cover - dev-time tool
    target = Path(__file__).resolve().parents[1] / "data" / "countries.geojson"
    print(build(Path(sys.argv[1]), target), "countries written to", target)
