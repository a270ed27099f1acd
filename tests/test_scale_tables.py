"""Parquet rows rebuild exactly the records they were written from."""

from __future__ import annotations

import pyarrow.parquet as pq

from riwaya.model import Claim, Document, EventDate, Incident, Outlet, Place, Slot, Source
from riwaya.scale import tables


def _claim() -> Claim:
    return Claim(
        id="d1#c2", document="d1", quantity="killed", low=12, high=None,
        qualifier="at_least", start=10, end=30, text="مقتل 12 مدنياً على الأقل",
        source=Source("مصدر أمني", canonical=None, kind="anonymous", start=40, end=49),
        party="civilians", stance="asserts",
        via=[Source("وكالة رويترز", "Reuters", "media", 0, 12),
             Source("قناة", None, "media", None, None)],
        incident="i3", context=True, figure_start=15, figure_end=17,
        sentence_start=0, sentence_end=60)


def test_claim_round_trips_through_parquet(tmp_path):
    claim = _claim()
    bare = Claim(id="d1#c3", document="d1", quantity="escaped", low=0, high=0,
                 qualifier="exact", start=0, end=4, text="نفى", source=Source("الوزارة"),
                 stance="denies")
    table = tables.to_table([tables.claim_row(c, partition="p") for c in (claim, bare)],
                            tables.CLAIMS)
    pq.write_table(table, tmp_path / "c.parquet")
    rows = pq.read_table(tmp_path / "c.parquet").to_pylist()
    assert [tables.claim_from_row(r) for r in rows] == [claim, bare]


def test_document_round_trips_with_its_date_in_the_directory_name(tmp_path):
    doc = Document(id="d1", text="نص\r\nالخبر", path="c.jsonl", sha256="ab" * 32,
                   language="ar", outlet=Outlet("رؤية", True, "Roya"), published="2022-01-21",
                   published_inferred=True, published_time="10:30", title="عنوان",
                   url="https://x.example/1")
    undated = Document(id="d2", text="نص")
    for d in (doc, undated):
        day = tables.partition_value(d.published)
        folder = tmp_path / "documents" / f"{tables.DOC_PARTITION}={day}"
        folder.mkdir(parents=True)
        pq.write_table(tables.to_table([tables.document_row(d, source="c.jsonl", record=1,
                                                            partition="p")],
                                       tables.DOCUMENTS), folder / "part-p.parquet")
    import pandas as pd

    frame = pd.read_parquet(tmp_path / "documents")
    rows = sorted(frame.astype(object).where(frame.notna(), None).to_dict("records"),
                  key=lambda r: r["id"])
    for r in rows:
        r["published"] = str(r["published"])
    assert [tables.document_from_row(r) for r in rows] == [doc, undated]


def test_incident_and_slot_rows_match_their_schemas():
    inc = Incident(id="i1", documents=["d1", "d2"],
                   slots=[Slot("killed", None, claims=["d1#c1"], contested=True, low=3, high=9)],
                   place=Place("الحسكة", kind="city", country="SY", latitude=36.5,
                               longitude=40.7, geo_precision=1),
                   date=EventDate("2022-01-20", precision=2), actors=["داعش"])
    t = tables.to_table([tables.incident_row(inc, block="r:sy|hasakah|2735")], tables.INCIDENTS)
    assert t.column("n_documents").to_pylist() == [2]
    assert t.column("date_precision").to_pylist() == [2]
    s = tables.to_table(tables.slot_rows(inc), tables.SLOTS)
    assert s.column("claims").to_pylist() == [["d1#c1"]]
    assert tables.incident_date(inc, ["2022-01-22"]) == "2022-01-20"
    assert tables.incident_date(Incident("i2"), ["2022-01-23", None, "2022-01-22"]) == "2022-01-22"
    assert tables.incident_date(Incident("i3"), [None]) is None
