"""The Markdown variant, for pasting into newsroom tools and issue trackers.

Same content as the HTML minus the graphics: per incident the facts, a slots
table, each voice with its chain and figures, estimates with their rules, the
timeline, and every claim's evidence quote with document and offsets. Input
text is escaped for Markdown *and* HTML (many trackers pass inline HTML
through), and bidi controls are shown as ``[RLO]`` so a pasted quote cannot
reorder the reader's view.
"""

from __future__ import annotations

import re

from riwaya.model import Analysis
from riwaya.report import labels
from riwaya.report.safety import plain
from riwaya.report.view import ClaimView, IncidentView, SlotView, build_view

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|~>])")


def md(text: object) -> str:
    """Inline-safe Markdown text: one line, HTML-escaped, Markdown punctuation escaped."""
    s = plain(str(text if text is not None else ""))
    s = s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    s = _MD_SPECIAL.sub(r"\\\1", s)
    return re.sub(r"\s+", " ", s).strip()


def _chain(cv: ClaimView) -> str:
    return " ← ".join(md(n.name) for n in cv.chain)


def _where(cv: ClaimView) -> str:
    return f"{md(cv.claim.document)} [{cv.claim.start}:{cv.claim.end}]"


def _slot_row(s: SlotView) -> str:
    voices = "; ".join(
        f"{v.key} {md(v.name)}: " + ", ".join(md(cv.value) for cv in v.claims) for v in s.voices
    )
    est = "—"
    if s.estimate is not None:
        est = labels.number(s.estimate.best)
        if s.estimate.low is not None or s.estimate.high is not None:
            est += f" ({labels.interval(s.estimate.low, s.estimate.high)})"
        if s.estimate.conservative is not None:
            est += f" · محافظ {labels.number(s.estimate.conservative)}"
        est += f" · {md(s.estimate.rule)}"
    contested = "**نعم**" if s.slot.contested else "لا"
    quantity = f"{md(labels.quantity_label(s.slot.quantity))} ({md(s.slot.quantity)})"
    return (f"| {quantity} | {md(labels.party_label(s.slot.party))} | {contested} | {voices or '—'} | "
            f"{labels.interval(s.slot.low, s.slot.high)} | {est} |")


def _claim_lines(cv: ClaimView, indent: str = "  ") -> list[str]:
    flag = "" if cv.offset_ok else " ⚠ النص لا يطابق الموضع"
    return [f"{indent}> «{md(cv.claim.text)}» — {_where(cv)}{flag}"]


def _incident(iv: IncidentView) -> list[str]:
    out = [f"## {md(iv.incident.id)} — {md(iv.heading)}", ""]
    out.append(f"- **المكان:** {md(iv.place) if iv.place else 'غير معروف'}")
    if iv.position is not None:
        out[-1] += f" ({iv.position.lat:.2f}, {iv.position.lon:.2f}; {md(iv.position.note)})"
    out.append(f"- **التاريخ:** {md(iv.date) if iv.date else 'غير معروف'}")
    out.append(f"- **الأطراف:** {'، '.join(md(a) for a in iv.actors) or 'غير محددة'}")
    out.append(f"- **الوثائق:** {'، '.join(md(d.doc.id) for d in iv.documents) or '—'}")
    out.append("")
    if iv.slots:
        out += ["### الأرقام", "",
                "| الكمية | الطرف | متنازع عليه | المصادر | المجال | التقدير (القاعدة) |",
                "| --- | --- | --- | --- | --- | --- |"]
        out += [_slot_row(s) for s in iv.slots]
        out += ["", "### المصادر والأدلة", ""]
        for s in iv.slots:
            badge = " — **متنازع عليه**" if s.slot.contested else ""
            out.append(f"#### {md(s.title)}{badge}")
            out.append("")
            for v in s.voices:
                interest = f"، {labels.SELF_INTEREST_AR.get(v.self_interest, v.self_interest)}" if v.self_interest else ""
                out.append(f"- **{v.key} {md(v.name)}** ({md(labels.kind_label(v.kind))}{md(interest)})")
                for cv in v.claims:
                    out.append(f"  - {md(cv.value)} — {_chain(cv)}")
                    out += _claim_lines(cv, "    ")
            out.append("")
    if iv.other_claims:
        out += ["### ادعاءات سياقية", ""]
        for cv in iv.other_claims:
            out.append(f"- {md(labels.quantity_label(cv.claim.quantity))}: {md(cv.value)} — {_chain(cv)}")
            out += _claim_lines(cv)
        out.append("")
    if iv.events:
        out += ["### التسلسل الزمني", ""]
        for e in iv.events:
            where = f" — {md(e.event.document)} [{e.event.start}:{e.event.end}]" if e.anchor else ""
            out.append(f"- {md(e.when)} — **{md(e.label)}**: «{md(e.event.text)}»{where}")
        out.append("")
    return out


def render_markdown(analysis: Analysis, *, title: str = "تقرير riwaya: الأرقام ومصادرها") -> str:
    """The report as Markdown text."""
    view = build_view(analysis)
    st = view.stats
    out = [f"# {md(title)}", "",
           f"{st['documents']} وثيقة · {st['claims']} ادعاءً · {st['incidents']} حادثة · "
           f"{st['contested']} رقماً متنازعاً عليه · {st['sources']} مصدراً", ""]
    if view.provisional:
        out += ["> تنبيه: لم تعمل مرحلة المطابقة؛ الحوادث أدناه مؤقتة.", ""]
    for iv in view.incidents:
        out += _incident(iv)
    if view.unassigned:
        out += ["## ادعاءات خارج الحوادث", ""]
        for cv in view.unassigned:
            out.append(f"- {md(labels.quantity_label(cv.claim.quantity))}: {md(cv.value)} — {_chain(cv)}")
            out += _claim_lines(cv)
        out.append("")
    return "\n".join(out).rstrip() + "\n"
