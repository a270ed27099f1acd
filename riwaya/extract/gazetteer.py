"""The place gazetteer: bundled rows, user rows and user aliases, looked up by folded name.

Place names in Arabic news come in many spellings (hamza or not, ta marbuta
or ha, with or without the article, English transliterations), so every
name is indexed under one folded key (``name_key``) and text is matched the
same way. The bundled table ``riwaya/data/places.tsv`` and alias file
``riwaya/data/place_aliases.yaml`` are meant to be edited by linguists; a
user can add places without touching the package by importing a GeoNames
dump (``riwaya gazetteer import``), which writes ``places.tsv`` under the
user data directory (``$RIWAYA_DATA_DIR`` or ``~/.local/share/riwaya``).
User rows are merged over bundled rows with the same id; a user
``place_aliases.yaml`` there is read too.

Nothing here raises on bad input files: each bad line becomes a
:class:`~riwaya.model.Problem` (file and line) kept on the gazetteer and
printed once, as one line, to stderr.
"""

from __future__ import annotations

import io
import itertools
import math
import os
import sys
import time
import zipfile
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import regex
import yaml
from mypy_extensions import mypyc_attr

from riwaya.model import Place, Problem
from riwaya.text.normalize import fold, lower_same_length

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
BUNDLED_PLACES = DATA_DIR / "places.tsv"
BUNDLED_ALIASES = DATA_DIR / "place_aliases.yaml"
USER_PLACES_NAME = "places.tsv"
USER_ALIASES_NAME = "place_aliases.yaml"

KINDS = ("country", "admin1", "region", "city", "district", "facility")
COLUMNS = ("id", "name_en", "name_ar", "aliases", "kind", "country", "admin1", "lat", "lon", "parent")
HEADER = "\t".join(COLUMNS)

#: When one name fits several kinds, a bare mention most often means the first.
KIND_PREFERENCE = {"city": 0, "district": 1, "facility": 2, "admin1": 3, "region": 4, "country": 5}

#: ACLED geo_precision by kind: a town or a spot in it is exact (1); a province
#: or country only locates the event to a region (3).
GEO_PRECISION = {"city": 1, "district": 1, "facility": 1, "admin1": 3, "region": 3, "country": 3}

#: The first word of a facility's name says what it is; place extraction uses
#: the same words as triggers. Folded forms.
FACILITY_TYPES: dict[str, str] = {
    "سجن": "prison", "معتقل": "prison", "مخيم": "camp", "مطار": "airport",
    "مستشفي": "hospital", "مشفي": "hospital", "مجمع": "hospital", "المستشفي": "hospital",
    "قاعده": "base", "معسكر": "base", "معبر": "crossing", "حاجز": "crossing", "منفذ": "crossing",
    "ميناء": "port", "مرفا": "port", "حقل": "field", "معمل": "field", "محور": "corridor",
    "المسجد": "mosque",
    "prison": "prison", "camp": "camp", "airport": "airport", "hospital": "hospital",
    "base": "base", "crossing": "crossing", "port": "port",
}

_LATIN = regex.compile(r"\p{Latin}")
_ARABIC = regex.compile(r"\p{Arabic}")
_PUNCT = regex.compile(r"[\-_/.,،؛;:()\[\]\"«»]+")
_SPACES = regex.compile(r"\s+")



def name_key(name: str) -> str:
    """The key a name is indexed and matched under: folded, lower-case, punctuation as spaces."""
    t = lower_same_length(fold(name))
    t = _PUNCT.sub(" ", t)
    return _SPACES.sub(" ", t).strip(" '")


def data_dir() -> Path:
    """The user data directory: ``$RIWAYA_DATA_DIR`` or ``~/.local/share/riwaya``."""
    env = os.environ.get("RIWAYA_DATA_DIR")
    if env:
        return Path(env).expanduser()
    return Path.home() / ".local" / "share" / "riwaya"


@dataclass
class Entry:
    """One gazetteer row as read from a TSV file."""

    id: str
    name_en: str
    name_ar: str
    aliases: list[str]
    kind: str
    country: str
    admin1: str
    lat: float | None
    lon: float | None
    parent: str
    origin: str = ""          # "path:line", for messages

    def names(self) -> list[str]:
        """Every name this place is known by, canonical ones first."""
        out = [n for n in (self.name_ar, self.name_en) if n]
        out += [a for a in self.aliases if a and a not in out]
        return out

    def facility_type(self) -> str | None:
        """What kind of facility this is, read from the first word of its Arabic or English name."""
        if self.kind != "facility":
            return None
        for n in self.names():
            words = name_key(n).split()
            if words:
                t = FACILITY_TYPES.get(words[0]) or FACILITY_TYPES.get(words[-1])
                if t:
                    return t
        return "facility"


@mypyc_attr(native_class=False)   # extends a model class, which stays plain Python
@dataclass
class GeoPlace(Place):
    """A :class:`Place` with the gazetteer id and what place extraction learned about it.

    ``mention`` says how the text refers to it: ``name``, ``anaphor`` (« السجن »
    for the one prison of the report) or ``dateline`` (where the reporter
    files from). ``synthetic`` places are facilities or districts that are
    not in the gazetteer; ``key`` is the distinctive head word used to merge
    the several names of one facility, and ``district_named`` says the name
    is that of the district the facility stands in.
    """

    id: str = ""
    parent: str | None = None
    facility_type: str | None = None
    mention: str = "name"
    synthetic: bool = False
    key: str | None = None
    district_named: bool = False
    names: list[str] = field(default_factory=list)


@dataclass
class ImportReport:
    """What ``import_geonames`` did: rows written, rows skipped, and bad lines."""

    path: str
    out_path: str
    imported: int = 0
    updated: int = 0
    skipped: int = 0
    problems: list[Problem] = field(default_factory=list)


def _float(s: str, lo: float, hi: float) -> float | None:
    """Parse a coordinate; ``None`` for empty, ``ValueError`` outside ``[lo, hi]``."""
    s = s.strip()
    if not s:
        return None
    v = float(s)
    if not (lo <= v <= hi) or math.isnan(v):
        raise ValueError(f"{s} is outside {lo}..{hi}")
    return v


def read_places_tsv(path: Path) -> tuple[list[Entry], list[Problem]]:
    """Read a gazetteer TSV; each bad line becomes a Problem and is skipped."""
    entries: list[Entry] = []
    problems: list[Problem] = []
    try:
        raw = path.read_bytes()
    except OSError as e:
        return [], [Problem(str(path), f"cannot read gazetteer: {e.strerror or e}")]
    for ln, bline in enumerate(raw.split(b"\n"), 1):
        try:
            line = bline.decode("utf-8").rstrip("\r")
        except UnicodeDecodeError:
            problems.append(Problem(str(path), "not UTF-8 text", ln))
            continue
        if ln == 1:
            line = line.lstrip("\ufeff")
        if not line.strip() or line.startswith("#") or line.startswith("id\t"):
            continue
        cols = line.split("\t")
        if len(cols) == len(COLUMNS) - 1:
            cols.append("")
        if len(cols) != len(COLUMNS):
            problems.append(Problem(str(path), f"expected {len(COLUMNS)} tab-separated columns "
                                               f"({', '.join(COLUMNS)}), found {len(cols)}", ln))
            continue
        id_, en, ar, aliases, kind, cc, a1, lat, lon, parent = (c.strip() for c in cols)
        if not id_:
            problems.append(Problem(str(path), "empty id", ln))
            continue
        if kind not in KINDS:
            problems.append(Problem(str(path), f"kind {kind!r} is not one of {', '.join(KINDS)}", ln))
            continue
        if not (en or ar):
            problems.append(Problem(str(path), f"place {id_} has neither an English nor an Arabic name", ln))
            continue
        try:
            la = _float(lat, -90, 90)
            lo = _float(lon, -180, 180)
        except ValueError as e:
            problems.append(Problem(str(path), f"bad coordinate: {e}", ln))
            continue
        entries.append(Entry(id_, en, ar, [a.strip() for a in aliases.split("|") if a.strip()],
                             kind, cc.upper(), a1, la, lo, parent, f"{path}:{ln}"))
    return entries, problems


def read_aliases_yaml(path: Path) -> tuple[dict[str, list[tuple[str, int]]], list[str], list[Problem]]:
    """Read an alias file: ``{id: [(name, line)]}``, the ambiguous names, and problems."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as e:
        return {}, [], [Problem(str(path), f"cannot read aliases: {e.strerror or e}")]
    except UnicodeDecodeError:
        return {}, [], [Problem(str(path), "not UTF-8 text")]
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        return {}, [], [Problem(str(path), f"not valid YAML: {getattr(e, 'problem', e)}", line)]
    if node is None:
        return {}, [], []
    if not isinstance(node, yaml.MappingNode):
        return {}, [], [Problem(str(path), "expected a mapping with 'aliases' and/or 'ambiguous'",
                                node.start_mark.line + 1)]
    aliases: dict[str, list[tuple[str, int]]] = {}
    ambiguous: list[str] = []
    problems: list[Problem] = []
    for knode, vnode in node.value:
        key = knode.value
        if key == "aliases":
            if not isinstance(vnode, yaml.MappingNode):
                problems.append(Problem(str(path), "'aliases' must map place ids to lists of names",
                                        vnode.start_mark.line + 1))
                continue
            for idnode, names in vnode.value:
                items = names.value if isinstance(names, yaml.SequenceNode) else [names]
                for item in items:
                    if isinstance(item, yaml.ScalarNode) and str(item.value).strip():
                        aliases.setdefault(str(idnode.value), []).append(
                            (str(item.value).strip(), item.start_mark.line + 1))
                    else:
                        problems.append(Problem(str(path), f"alias of {idnode.value} is not a name",
                                                item.start_mark.line + 1))
        elif key == "ambiguous":
            items = vnode.value if isinstance(vnode, yaml.SequenceNode) else []
            if not isinstance(vnode, yaml.SequenceNode):
                problems.append(Problem(str(path), "'ambiguous' must be a list of names",
                                        vnode.start_mark.line + 1))
            for item in items:
                if isinstance(item, yaml.ScalarNode) and str(item.value).strip():
                    ambiguous.append(str(item.value).strip())
        else:
            problems.append(Problem(str(path), f"unknown key {key!r} (expected 'aliases' or 'ambiguous')",
                                    knode.start_mark.line + 1))
    return aliases, ambiguous, problems


_GENERATION = itertools.count(1)


class Gazetteer:
    """All known places, indexed by folded name.

    ``generation`` is unique per loaded gazetteer, so caches of results
    computed with one gazetteer never serve another.
    """

    def __init__(self, entries: list[Entry], ambiguous: list[str] | None = None,
                 problems: list[Problem] | None = None) -> None:
        self.generation = next(_GENERATION)
        self.entries: dict[str, Entry] = {}
        self.order: dict[str, int] = {}
        for e in entries:
            self._add(e)
        self.problems: list[Problem] = list(problems or [])
        self.ambiguous: set[str] = {name_key(a) for a in (ambiguous or [])}
        self.index: dict[str, list[str]] = {}
        self.max_tokens = 1
        self._reindex()

    def _add(self, e: Entry) -> None:
        old = self.entries.get(e.id)
        if old is None:
            self.order[e.id] = len(self.order)
            self.entries[e.id] = e
            return
        # A user row over a bundled one: non-empty fields win, aliases are united.
        merged = Entry(
            e.id, e.name_en or old.name_en, e.name_ar or old.name_ar,
            old.aliases + [a for a in e.aliases if a not in old.aliases],
            e.kind or old.kind, e.country or old.country, e.admin1 or old.admin1,
            e.lat if e.lat is not None else old.lat, e.lon if e.lon is not None else old.lon,
            e.parent or old.parent, e.origin,
        )
        for n in (old.name_ar, old.name_en):
            if n and n not in merged.names():
                merged.aliases.append(n)
        self.entries[e.id] = merged

    def _reindex(self) -> None:
        self.index = {}
        for e in self.entries.values():
            for n in e.names():
                k = name_key(n)
                if not k:
                    continue
                ids = self.index.setdefault(k, [])
                if e.id not in ids:
                    ids.append(e.id)
                self.max_tokens = max(self.max_tokens, len(k.split()))
        for ids in self.index.values():
            ids.sort(key=lambda i: (KIND_PREFERENCE.get(self.entries[i].kind, 9), self.order[i]))

    def add_aliases(self, aliases: dict[str, list[tuple[str, int]]], origin: str) -> None:
        """Attach alias names to known ids; an unknown id is a problem, not an error."""
        for id_, names in aliases.items():
            e = self.entries.get(id_)
            if e is None:
                line = names[0][1] if names else None
                self.problems.append(Problem(origin, f"unknown place id {id_!r}", line))
                continue
            for n, _line in names:
                if n not in e.names():
                    e.aliases.append(n)
        self._reindex()

    def __len__(self) -> int:
        return len(self.entries)

    def get(self, id_: str | None) -> Entry | None:
        """The entry with this id, if any."""
        return self.entries.get(id_) if id_ else None

    def candidates(self, name: str) -> list[Entry]:
        """Every place called ``name``, most likely kind first."""
        return [self.entries[i] for i in self.index.get(name_key(name), [])]

    def knows(self, name: str) -> bool:
        """Whether some place is called ``name`` (:meth:`lookup` without building the place)."""
        return name_key(name) in self.index

    def ids_for_key(self, key: str) -> list[str]:
        """Ids indexed under an already-folded key."""
        return self.index.get(key, [])

    def is_ambiguous(self, key: str) -> bool:
        """True when the folded name is also an ordinary word or a person's name."""
        return key in self.ambiguous

    def lookup(self, name: str, kind: str | None = None, country: str | None = None) -> GeoPlace | None:
        """The place called ``name`` (optionally of a kind / in a country), as a fresh GeoPlace."""
        cands = self.candidates(name)
        if kind:
            cands = [c for c in cands if c.kind == kind]
        if country:
            in_country = [c for c in cands if c.country == country.upper()]
            cands = in_country or cands
        return self.place(cands[0].id) if cands else None

    def ancestors(self, id_: str) -> list[Entry]:
        """The chain of enclosing places, nearest first (cycles are cut)."""
        out: list[Entry] = []
        seen = {id_}
        e = self.entries.get(id_)
        while e is not None and e.parent and e.parent not in seen:
            seen.add(e.parent)
            e = self.entries.get(e.parent)
            if e is not None:
                out.append(e)
        return out

    def enclosing(self, id_: str, kinds: tuple[str, ...]) -> Entry | None:
        """The place itself or the nearest ancestor whose kind is in ``kinds``."""
        e = self.entries.get(id_)
        if e is not None and e.kind in kinds:
            return e
        for a in self.ancestors(id_):
            if a.kind in kinds:
                return a
        return None

    def place(self, id_: str) -> GeoPlace | None:
        """A fresh GeoPlace for an id (without evidence)."""
        e = self.entries.get(id_)
        if e is None:
            return None
        return GeoPlace(
            name=e.name_ar or e.name_en, canonical=e.name_en or e.name_ar, kind=e.kind,
            country=e.country or None, admin1=e.admin1 or None, latitude=e.lat, longitude=e.lon,
            geo_precision=GEO_PRECISION.get(e.kind, 2) if e.lat is not None else None,
            id=e.id, parent=e.parent or None, facility_type=e.facility_type(),
            names=e.names(),
        )


def _report(problems: list[Problem]) -> None:
    for p in problems:
        print(f"riwaya: {p}", file=sys.stderr)


def _mtime(path: Path | str) -> float:
    try:
        return os.stat(path).st_mtime
    except OSError:
        return -1.0


@lru_cache(maxsize=64)
def _files(user_dir: str | None, env: str | None, home: str | None) -> tuple[str, str, str, str, str]:
    """The directory and the four files whose times key the cache, as strings.

    Keyed on what decides them (the argument, ``$RIWAYA_DATA_DIR``, ``$HOME``):
    extraction asks once per document, and building paths costs more than
    the four ``stat`` calls.
    """
    d = Path(user_dir) if user_dir is not None else data_dir()
    return (str(d), str(d / USER_PLACES_NAME), str(d / USER_ALIASES_NAME),
            str(BUNDLED_PLACES), str(BUNDLED_ALIASES))


#: How long a loaded gazetteer is trusted before its files' times are read again.
RECHECK_SECONDS = 1.0
#: files key -> (when its files were last checked, the gazetteer then).
_checked: dict[tuple[str, str, str, str, str], tuple[float, Gazetteer]] = {}


def load_gazetteer(user_dir: Path | None = None) -> Gazetteer:
    """The bundled gazetteer with the user's places and aliases merged over it (cached).

    The cache is keyed on the user directory and the modification times of
    its files, so an import is seen without a restart: at once when made in
    this process (the writer calls :func:`forget_checks`), within
    :data:`RECHECK_SECONDS` when another process or an editor changes a file.
    The times are not read on every call because extraction asks once per
    document, and four ``stat`` calls per document cost about 1 % of it.
    """
    files = _files(None if user_dir is None else str(user_dir),
                   os.environ.get("RIWAYA_DATA_DIR"), os.environ.get("HOME"))
    now = time.monotonic()
    seen = _checked.get(files)
    if seen is not None and now - seen[0] < RECHECK_SECONDS:
        return seen[1]
    d, up, ua, bp, ba = files
    gaz = _load(d, _mtime(up), _mtime(ua), _mtime(bp), _mtime(ba))
    _checked[files] = (now, gaz)
    return gaz


def forget_checks() -> None:
    """Read the files' times again on the next :func:`load_gazetteer` (after a write)."""
    _checked.clear()


@lru_cache(maxsize=8)
def _load(user_dir: str, up_mtime: float, ua_mtime: float, bp_mtime: float, ba_mtime: float) -> Gazetteer:
    entries, problems = read_places_tsv(BUNDLED_PLACES)
    aliases, ambiguous, p2 = read_aliases_yaml(BUNDLED_ALIASES)
    problems += p2
    d = Path(user_dir)
    user_aliases: dict[str, list[tuple[str, int]]] = {}
    if up_mtime >= 0:
        ue, p3 = read_places_tsv(d / USER_PLACES_NAME)
        entries += ue
        problems += p3
    if ua_mtime >= 0:
        user_aliases, uamb, p4 = read_aliases_yaml(d / USER_ALIASES_NAME)
        ambiguous += uamb
        problems += p4
    gaz = Gazetteer(entries, ambiguous, problems)
    gaz.add_aliases(aliases, str(BUNDLED_ALIASES))
    if user_aliases:
        gaz.add_aliases(user_aliases, str(d / USER_ALIASES_NAME))
    for e in list(gaz.entries.values()):
        if e.parent and e.parent not in gaz.entries:
            gaz.problems.append(Problem(e.origin.rsplit(":", 1)[0],
                                        f"parent {e.parent!r} of {e.id} is not a known place",
                                        int(e.origin.rsplit(":", 1)[1]) if ":" in e.origin else None))
            e.parent = ""
    _report(gaz.problems)
    return gaz


# --------------------------------------------------------------------------- GeoNames import

GEONAMES_COLUMNS = 19
CITY_CODES = ("PPLA", "PPLC")


def _haversine_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    la1, lo1, la2, lo2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(min(1.0, h)))


def _read_dump_lines(path: Path) -> tuple[str, list[bytes] | None, Problem | None]:
    """The dump's lines (from a .txt or the XX.txt inside a .zip) and the name to report."""
    try:
        if zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as z:
                members = [n for n in z.namelist()
                           if regex.fullmatch(r"(?:.*/)?[A-Z]{2}\.txt", n)]
                if not members:
                    return str(path), None, Problem(str(path), "no GeoNames country file (XX.txt) in the zip")
                data = z.read(members[0])
                return f"{path}!{members[0]}", data.split(b"\n"), None
        data = path.read_bytes()
    except (OSError, zipfile.BadZipFile) as e:
        return str(path), None, Problem(str(path), f"cannot read GeoNames dump: {getattr(e, 'strerror', None) or e}")
    return str(path), data.split(b"\n"), None


def import_geonames(path: str | Path, out_path: str | Path | None = None,
                    min_population: int = 1000) -> ImportReport:
    """Import city-level rows of a GeoNames country dump into the user gazetteer.

    Keeps populated places (feature class P) with at least ``min_population``
    people, plus every PPLA/PPLC (provincial and national capitals) whatever
    their population; their Arabic alternate names become ``name_ar`` and
    aliases. A row that is the same town as a bundled place (same Arabic or
    English name, within 25 km) takes the bundled id, so the import adds
    spellings and precise coordinates instead of a duplicate. Rows already in
    the user file are replaced by id; others are kept. Each bad line is a
    Problem (``file:line: what``); the other lines are still imported.
    """
    path = Path(path)
    out = Path(out_path) if out_path is not None else data_dir() / USER_PLACES_NAME
    report = ImportReport(str(path), str(out))
    shown, lines, problem = _read_dump_lines(path)
    if problem is not None or lines is None:
        report.problems.append(problem or Problem(str(path), "empty file"))
        return report
    gaz = load_gazetteer(out.parent)
    admin1_rows: dict[tuple[str, str], list[str]] = {}
    rows: list[tuple[int, list[str]]] = []
    for ln, bline in enumerate(lines, 1):
        try:
            line = bline.decode("utf-8").rstrip("\r")
        except UnicodeDecodeError:
            report.problems.append(Problem(shown, "not UTF-8 text", ln))
            continue
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        if len(cols) != GEONAMES_COLUMNS:
            report.problems.append(Problem(
                shown, f"expected {GEONAMES_COLUMNS} tab-separated GeoNames columns, found {len(cols)}", ln))
            continue
        try:
            int(cols[0])
        except ValueError:
            report.problems.append(Problem(shown, f"geonameid {cols[0]!r} is not a number", ln))
            continue
        try:
            _float(cols[4], -90, 90)
            _float(cols[5], -180, 180)
            if cols[4].strip() == "" or cols[5].strip() == "":
                raise ValueError("missing latitude or longitude")
        except ValueError as bad:
            report.problems.append(Problem(shown, f"bad coordinate: {bad}", ln))
            continue
        pop = cols[14].strip()
        if pop and not pop.lstrip("-").isdigit():
            report.problems.append(Problem(shown, f"population {pop!r} is not a number", ln))
            continue
        if cols[6] == "A" and cols[7] == "ADM1":
            admin1_rows[(cols[8], cols[10])] = cols
        rows.append((ln, cols))

    existing: dict[str, Entry] = {}
    if out.exists():
        old, p = read_places_tsv(out)
        report.problems += p
        existing = {e.id: e for e in old}
    admin1_names = _admin1_names(gaz, admin1_rows)
    bundled_cities = [e for e in gaz.entries.values()
                      if e.kind in ("city", "district") and e.lat is not None and e.lon is not None]
    for ln, cols in rows:
        fclass, fcode = cols[6], cols[7]
        population = int(cols[14]) if cols[14].strip() else 0
        if fclass != "P" or (population < min_population and fcode not in CITY_CODES):
            report.skipped += 1
            continue
        cc = cols[8].upper()
        lat, lon = float(cols[4]), float(cols[5])
        arabic = [n.strip() for n in cols[3].split(",")
                  if n.strip() and _ARABIC.search(n) and not _LATIN.search(n)]
        name_en = cols[2].strip() or cols[1].strip()
        aliases = [n for n in dict.fromkeys(arabic[1:] + [cols[1].strip()]) if n and n != name_en]
        keys = {name_key(n) for n in [name_en, *arabic, cols[1]] if n}
        same_country = [e for e in bundled_cities if e.country == cc]
        match = None
        for e in same_country:
            if keys & {name_key(n) for n in e.names()} and _haversine_km((lat, lon), (e.lat, e.lon)) <= 25:  # type: ignore[arg-type]
                match = e
                break
        admin1, parent = admin1_names.get((cols[8], cols[10]), ("", ""))
        if match is not None:
            admin1, parent = match.admin1 or admin1, match.parent or parent
        if not admin1 and same_country:
            near = min(same_country, key=lambda e: _haversine_km((lat, lon), (e.lat, e.lon)))  # type: ignore[arg-type]
            if _haversine_km((lat, lon), (near.lat, near.lon)) <= 60:  # type: ignore[arg-type]
                admin1, parent = near.admin1, near.parent
        if admin1 and not parent:
            for e in gaz.entries.values():
                if e.kind == "admin1" and e.country == cc and name_key(e.name_en) == name_key(admin1):
                    parent = e.id
                    break
        if match is not None:
            # Same town as a bundled place: keep its id, names and kind (outputs stay
            # stable), add the GeoNames spellings and its more precise coordinates.
            extra = [n for n in dict.fromkeys([name_en, *arabic, *aliases]) if n not in match.names()]
            entry = Entry(match.id, match.name_en, match.name_ar, extra, match.kind, cc, admin1,
                          round(lat, 4), round(lon, 4), parent, f"{shown}:{ln}")
        else:
            entry = Entry(f"gn-{int(cols[0])}", name_en, arabic[0] if arabic else "", aliases, "city",
                          cc, admin1, round(lat, 4), round(lon, 4), parent, f"{shown}:{ln}")
        id_ = entry.id
        if id_ in existing:
            report.updated += 1
        report.imported += 1
        existing[id_] = entry
    _write_places_tsv(out, list(existing.values()))
    return report


def _admin1_names(gaz: Gazetteer, rows: dict[tuple[str, str], list[str]]) -> dict[tuple[str, str], tuple[str, str]]:
    """(country, admin1 code) → (English admin1 name, bundled admin1 id) for the dump's ADM1 rows.

    A GeoNames ADM1 row that shares a name (usually its Arabic one) with a
    bundled province takes that province's English name and id, so imported
    towns use the same admin1 names as the bundled ones.
    """
    out: dict[tuple[str, str], tuple[str, str]] = {}
    for key, cols in rows.items():
        names = [cols[1], cols[2], *[n for n in cols[3].split(",") if n.strip()]]
        keys = {name_key(n) for n in names if n.strip()}
        found = None
        for e in gaz.entries.values():
            if e.kind == "admin1" and e.country == key[0].upper() and keys & {name_key(n) for n in e.names()}:
                found = e
                break
        out[key] = (found.name_en, found.id) if found else (cols[2] or cols[1], "")
    return out


def _write_places_tsv(path: Path, entries: list[Entry]) -> None:
    """Write a gazetteer TSV atomically (a crash never leaves half a file)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    buf = io.StringIO()
    buf.write("# riwaya user gazetteer (merged over the bundled one). Columns as in riwaya/data/places.tsv.\n")
    buf.write(HEADER + "\n")
    for e in sorted(entries, key=lambda e: e.id):
        clean = [s.replace("\t", " ").replace("\n", " ") for s in (
            e.id, e.name_en, e.name_ar, "|".join(a.replace("|", " ") for a in e.aliases), e.kind,
            e.country, e.admin1, "" if e.lat is None else f"{e.lat:.4f}",
            "" if e.lon is None else f"{e.lon:.4f}", e.parent)]
        buf.write("\t".join(clean) + "\n")
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(buf.getvalue(), encoding="utf-8")
    tmp.replace(path)
    forget_checks()
