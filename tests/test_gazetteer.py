"""The bundled gazetteer's data, lookups, GeoNames import, user-file merging and bad files."""

from __future__ import annotations

import zipfile
from collections import Counter
from pathlib import Path

import pytest
from typer.testing import CliRunner

from riwaya.extract import gazetteer
from riwaya.extract.gazetteer import (
    BUNDLED_PLACES,
    KINDS,
    import_geonames,
    load_gazetteer,
    read_places_tsv,
)

#: Rough bounding boxes (lat_min, lat_max, lon_min, lon_max) of the countries covered.
BOXES = {
    "SY": (32.3, 37.4, 35.6, 42.4), "IQ": (29.0, 37.4, 38.7, 48.7), "YE": (12.0, 19.0, 42.5, 54.6),
    "LY": (19.5, 33.2, 9.3, 25.2), "SD": (8.6, 22.3, 21.8, 38.7), "LB": (33.0, 34.7, 35.0, 36.7),
    "PS": (31.2, 32.6, 34.2, 35.6), "IL": (29.4, 33.4, 34.2, 35.9), "AF": (29.3, 38.5, 60.4, 75.0),
    "SO": (-1.7, 12.0, 40.9, 51.5),
}


@pytest.fixture(autouse=True)
def _own_user_dir(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    user = tmp_path / "user"
    monkeypatch.setenv("RIWAYA_DATA_DIR", str(user))
    return user


@pytest.fixture(scope="module")
def bundled() -> list:
    entries, problems = read_places_tsv(BUNDLED_PLACES)
    assert problems == []
    return entries


def test_bundled_table_is_large_consistent_and_located(bundled: list) -> None:
    assert len(bundled) >= 400
    ids = Counter(e.id for e in bundled)
    assert [i for i, n in ids.items() if n > 1] == []
    by_id = {e.id: e for e in bundled}
    for e in bundled:
        assert e.kind in KINDS
        assert e.lat is not None and e.lon is not None
        assert not e.parent or e.parent in by_id, e.id
        if e.kind == "facility":
            assert e.parent, f"facility {e.id} has no parent"
        box = BOXES.get(e.country)
        if box and e.kind != "country":
            assert box[0] <= e.lat <= box[1] and box[2] <= e.lon <= box[3], (e.id, e.lat, e.lon)
    admin1 = Counter(e.country for e in bundled if e.kind == "admin1")
    assert admin1 == Counter({"SY": 14, "IQ": 19, "YE": 22, "LY": 22, "SD": 18, "LB": 9,
                              "PS": 16, "IL": 6, "AF": 34, "SO": 7})


def test_lookup_folds_spellings_and_prefers_towns() -> None:
    g = load_gazetteer()
    assert g.lookup("ادلب").id == "sy-idlib"              # type: ignore[union-attr]
    assert g.lookup("إدلب").id == "sy-idlib"              # type: ignore[union-attr]
    assert g.lookup("مصراته").id == "ly-misrata"          # type: ignore[union-attr]
    assert g.lookup("Damascus").kind == "city"            # type: ignore[union-attr]
    assert g.lookup("محافظة دمشق").kind == "admin1"       # type: ignore[union-attr]
    assert g.lookup("طرابلس", country="LB").id == "lb-tripoli"  # type: ignore[union-attr]
    assert g.lookup("سجن الصناعة").id == "sy-hasakah-ghuwayran-prison"  # type: ignore[union-attr]
    assert g.lookup("Atlantis") is None
    for name in ("ادلب", "Damascus", "محافظة دمشق", "Atlantis", "", "قتل"):
        assert g.knows(name) == (g.lookup(name) is not None), name
    rukban = g.lookup("مخيم الركبان")
    assert rukban is not None and rukban.geo_precision == 1 and rukban.facility_type == "camp"


def _row(gid: int, name: str, alt: str, lat: str, lon: str, fclass: str, fcode: str, pop: str,
         admin1: str = "09", cc: str = "SY") -> str:
    cols = [str(gid), name, name, alt, lat, lon, fclass, fcode, cc, "", admin1, "", "", "", pop, "",
            "300", "Asia/Damascus", "2021-01-01"]
    return "\t".join(cols)


DUMP = "\n".join([
    _row(1, "Muhafazat al Hasakah", "Al Hasakah Governorate,محافظة الحسكة", "36.5", "40.9", "A", "ADM1", "1500000"),
    _row(2, "Tall Barak", "Tell Brak,تل براك", "36.67", "41.06", "P", "PPL", "9000"),
    _row(3, "Al Hasakah", "Hasaka,الحسكة,حسكة", "36.5024", "40.7477", "P", "PPLA", "188160"),
    "this line is broken",
    _row(4, "Tiny Hamlet", "قرية صغيرة", "36.6", "41.0", "P", "PPL", "12"),
    _row(5, "Markaz Small", "", "36.1", "40.1", "P", "PPLA", "300"),
    _row(6, "Bad Coordinates", "مكان", "north", "40.1", "P", "PPL", "9000"),
]) + "\n"


def test_geonames_import_keeps_good_rows_and_reports_bad_lines(tmp_path: Path, _own_user_dir: Path) -> None:
    dump = tmp_path / "SY.txt"
    dump.write_text(DUMP, encoding="utf-8")
    report = import_geonames(dump)
    assert [(p.line, p.message.split(":")[0]) for p in report.problems] == [
        (4, "expected 19 tab-separated GeoNames columns, found 1"), (7, "bad coordinate")]
    assert [str(p).startswith(f"{dump}:") for p in report.problems] == [True, True]
    assert report.imported == 3 and report.skipped == 2      # the ADM1 row and the hamlet
    rows = {e.id: e for e in read_places_tsv(_own_user_dir / "places.tsv")[0]}
    assert set(rows) == {"gn-2", "sy-hasakah", "gn-5"}       # the city kept its bundled id
    brak = rows["gn-2"]
    assert (brak.name_en, brak.name_ar, brak.admin1, brak.parent) == (
        "Tall Barak", "تل براك", "Al-Hasakah", "sy-hasakah-gov")
    assert rows["sy-hasakah"].name_en == "Al-Hasakah"       # bundled names stay canonical
    assert "حسكة" in rows["sy-hasakah"].aliases


def test_load_gazetteer_merges_the_user_file(tmp_path: Path) -> None:
    dump = tmp_path / "SY.txt"
    dump.write_text(DUMP, encoding="utf-8")
    before = len(load_gazetteer())
    import_geonames(dump)
    g = load_gazetteer()
    assert len(g) == before + 2
    brak = g.lookup("تل براك")
    assert brak is not None and brak.id == "gn-2" and (brak.latitude, brak.longitude) == (36.67, 41.06)
    hasakah = g.lookup("حسكة")
    assert hasakah is not None and hasakah.id == "sy-hasakah" and hasakah.latitude == 36.5024
    assert g.lookup("الحسكة").canonical == "Al-Hasakah"   # type: ignore[union-attr]


def test_reimport_from_zip_updates_by_id(tmp_path: Path) -> None:
    dump = tmp_path / "SY.txt"
    dump.write_text(DUMP, encoding="utf-8")
    import_geonames(dump)
    archive = tmp_path / "SY.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("readme.txt", "GeoNames readme")
        z.writestr("SY.txt", DUMP)
    report = import_geonames(archive)
    assert report.imported == 3 and report.updated == 3
    assert str(report.problems[0]).startswith(f"{archive}!SY.txt:4:")


def test_unreadable_dump_is_one_problem(tmp_path: Path) -> None:
    report = import_geonames(tmp_path / "missing.txt")
    assert report.imported == 0 and len(report.problems) == 1
    assert "missing.txt" in str(report.problems[0])
    bad_zip = tmp_path / "XX.zip"
    with zipfile.ZipFile(bad_zip, "w") as z:
        z.writestr("notes.md", "nothing here")
    report = import_geonames(bad_zip)
    assert [p.message for p in report.problems] == ["no GeoNames country file (XX.txt) in the zip"]


def test_a_hand_edited_user_file_is_seen_once_the_recheck_time_has_passed(
        _own_user_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    clock = [1000.0]
    monkeypatch.setattr(gazetteer.time, "monotonic", lambda: clock[0])
    # os.stat itself is watched, not gazetteer._mtime: the compiled build's calls
    # between its own functions do not go through the module's attributes.
    stats: list[str] = []
    real_stat = gazetteer.os.stat
    monkeypatch.setattr(gazetteer.os, "stat", lambda p, *a, **k: stats.append(str(p)) or real_stat(p, *a, **k))
    before = load_gazetteer()
    _own_user_dir.mkdir(parents=True)
    (_own_user_dir / "places.tsv").write_text(
        "id\tname_en\tname_ar\taliases\tkind\tcountry\tadmin1\tlat\tlon\tparent\n"
        "x-new\tNew Town\tبلدة جديدة\t\tcity\tSY\t\t35.1\t38.1\t\n", encoding="utf-8")
    seen = len(stats)
    clock[0] += gazetteer.RECHECK_SECONDS / 2
    assert load_gazetteer() is before and len(stats) == seen   # trusted: no file is stat'ed
    clock[0] += gazetteer.RECHECK_SECONDS
    after = load_gazetteer()
    assert len(stats) >= seen + 4 and after is not before
    assert after.lookup("بلدة جديدة") is not None and before.lookup("بلدة جديدة") is None


def test_broken_user_files_are_reported_not_raised(_own_user_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _own_user_dir.mkdir(parents=True)
    (_own_user_dir / "places.tsv").write_text(
        "id\tname_en\tname_ar\taliases\tkind\tcountry\tadmin1\tlat\tlon\tparent\n"
        "x-good\tGood Town\tبلدة جيدة\t\tcity\tSY\t\t35.1\t38.1\t\n"
        "x-bad\tBad Town\tبلدة سيئة\t\tcity\tSY\t\t95.0\t38.1\t\n"
        "just one column\n", encoding="utf-8")
    (_own_user_dir / "place_aliases.yaml").write_text("aliases:\n  x-good: [أ, ب\n", encoding="utf-8")
    g = load_gazetteer()
    assert g.lookup("بلدة جيدة") is not None and g.lookup("بلدة سيئة") is None
    lines = [str(p) for p in g.problems]
    assert any(line.startswith(f"{_own_user_dir / 'places.tsv'}:3: bad coordinate") for line in lines)
    assert any(line.startswith(f"{_own_user_dir / 'places.tsv'}:4: expected 10") for line in lines)
    assert any(line.startswith(f"{_own_user_dir / 'place_aliases.yaml'}:") for line in lines)
    err = capsys.readouterr().err
    assert "Traceback" not in err and err.count("riwaya: ") == len(lines)


def test_cli_import_prints_count_and_problems(tmp_path: Path) -> None:
    from riwaya.cli import _register, app

    _register()
    dump = tmp_path / "SY.txt"
    dump.write_text(DUMP, encoding="utf-8")
    result = CliRunner().invoke(app, ["gazetteer", "import", str(dump)])
    assert result.exit_code == 0, result.output
    assert "imported 3 places" in result.stdout
    assert f"riwaya: {dump}:4: expected 19 tab-separated GeoNames columns, found 1" in result.stderr
    missing = CliRunner().invoke(app, ["gazetteer", "import", str(tmp_path / "nope.zip")])
    assert missing.exit_code == 1 and "Traceback" not in missing.output
    assert missing.stderr.startswith(f"riwaya: {tmp_path / 'nope.zip'}: cannot read GeoNames dump")
