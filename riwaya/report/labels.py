"""Arabic display labels for the contract's vocabularies, and figure wording.

The contract's values (``killed``, ``monitor``, ``more_than`` …) are English
keys; readers of an Arabic report need Arabic words, while the key stays
visible beside them so an analyst can match the JSON. Unknown keys (new
quantities such as ``vehicle_bombs``) fall back to the key itself rather than
failing, because the vocabularies are open.
"""

from __future__ import annotations

QUANTITY_AR = {
    "detainees": "المحتجزون", "escaped": "الفارّون", "captured": "المقبوض عليهم",
    "surrendered": "المستسلمون", "attackers": "المهاجمون", "killed": "القتلى",
    "wounded": "الجرحى", "hostages": "الرهائن", "displaced": "النازحون",
    "holdouts": "المتحصّنون", "vehicle_bombs": "السيارات المفخخة", "airstrikes": "الغارات الجوية",
    "missing": "المفقودون", "arrested": "المعتقلون",
}

KIND_AR = {
    "outlet": "الوسيلة الناشرة", "party": "طرف في النزاع", "party_media": "إعلام طرف",
    "official": "جهة رسمية", "foreign_military": "جيش أجنبي", "monitor": "جهة رصد",
    "media": "وسيلة إعلام أخرى", "anonymous": "مصدر غير مسمّى", "unnamed_reports": "أنباء غير منسوبة",
}

#: Okabe–Ito colours (distinguishable with the common colour-vision deficiencies),
#: one per source kind; the same colour marks a kind in plots, graph and table.
KIND_COLOUR = {
    "official": "#0072B2", "party": "#D55E00", "party_media": "#E69F00",
    "foreign_military": "#CC79A7", "monitor": "#009E73", "media": "#56B4E9",
    "outlet": "#555555", "anonymous": "#8C8C8C", "unnamed_reports": "#A08A00",
}
UNKNOWN_COLOUR = "#333333"

PARTY_AR = {"civilians": "مدنيون", "children": "أطفال", "women": "نساء", "security forces": "قوات أمنية وعسكرية"}

QUALIFIER_AR = {
    "exact": "عدد محدد", "approx": "تقريبي", "at_least": "على الأقل", "more_than": "أكثر من",
    "at_most": "على الأكثر", "less_than": "أقل من", "range": "نطاق", "vague": "عدد مبهم",
}

EVENT_AR = {
    "explosion": "انفجار", "car_bomb": "سيارة مفخخة", "assault": "هجوم", "attack": "هجوم",
    "escape": "فرار", "clash": "اشتباك", "clashes": "اشتباكات", "airstrike": "غارة جوية",
    "capture": "اعتقال", "arrest": "اعتقال", "surrender": "استسلام", "siege": "حصار",
    "raid": "مداهمة", "riot": "تمرد", "hostage_taking": "احتجاز رهائن", "curfew": "حظر تجول",
    "displacement": "نزوح", "shelling": "قصف", "statement": "بيان", "recapture": "استعادة السيطرة",
}

SELF_INTEREST_AR = {"own_losses": "يعدّ خسائره", "enemy_losses": "يعدّ خسائر خصمه"}

PRECISION_AR = {1: "اليوم", 2: "الأسبوع", 3: "الشهر"}


def kind_colour(kind: str | None) -> str:
    """The colour of a source kind (dark grey for kinds outside the contract)."""
    return KIND_COLOUR.get(kind or "", UNKNOWN_COLOUR)


def quantity_label(quantity: str) -> str:
    """Arabic word for a quantity, the key itself when unknown."""
    return QUANTITY_AR.get(quantity, quantity)


def kind_label(kind: str | None) -> str:
    """Arabic word for a source kind."""
    return KIND_AR.get(kind or "", kind or "غير معروف")


def party_label(party: str | None) -> str:
    """Whose people are counted; a null party means the figure is a total."""
    if party is None:
        return "الإجمالي"
    return PARTY_AR.get(party, party)


def event_label(kind: str) -> str:
    """Arabic word for an event kind."""
    return EVENT_AR.get(kind, kind)


def number(n: int | None) -> str:
    """A count with thousands separators (Western digits, as the contract stores them)."""
    return "؟" if n is None else f"{n:,}"


def interval(low: int | None, high: int | None) -> str:
    """A closed/open interval written low–high, ``…`` marking an open bound.

    Shown inside a left-to-right isolate so it reads like the plot's number
    line whatever the paragraph direction.
    """
    if low is None and high is None:
        return "—"
    if low is not None and low == high:
        return number(low)
    lo = "…" if low is None else number(low)
    hi = "…" if high is None else number(high)
    return f"{lo}–{hi}"


def hedged(low: int | None, high: int | None, qualifier: str, stance: str = "asserts") -> str:
    """The figure in Arabic words as the source hedged it (``أكثر من 150``)."""
    if stance == "denies":
        return "نفي (0)"
    lo, hi = number(low), number(high)
    return {
        "exact": lo,
        "approx": f"نحو {lo}",
        "at_least": f"{lo} على الأقل",
        "more_than": f"أكثر من {lo}",
        "at_most": f"{hi} على الأكثر",
        "less_than": f"أقل من {hi}",
        "range": f"بين {lo} و{hi}",
        "vague": f"عدد مبهم ({interval(low, high)})",
    }.get(qualifier, interval(low, high))


def hedged_en(low: int | None, high: int | None, qualifier: str, stance: str = "asserts") -> str:
    """The same in English, for the Markdown variant's issue trackers and for plots."""
    if stance == "denies":
        return "denied (0)"
    lo, hi = number(low), number(high)
    return {
        "exact": lo, "approx": f"~{lo}", "at_least": f">={lo}", "more_than": f">{lo}",
        "at_most": f"<={hi}", "less_than": f"<{hi}", "range": f"{lo}-{hi}",
        "vague": f"vague {interval(low, high)}",
    }.get(qualifier, interval(low, high))
