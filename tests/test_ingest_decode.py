"""Bytes → text: every encoding a news corpus throws at us, offsets untouched."""

from __future__ import annotations

import codecs
import os

import pytest

from riwaya.ingest.decode import DecodeError, decode_bytes

# Written for these tests (not from any corpus): Arabic prose with digits,
# punctuation and a Windows line break in the middle.
ARABIC = ("أعلنت قوات الأمن صباح اليوم أن نحو 40 مسلحاً هاجموا مركز الشرطة في البلدة،\r\n"
          "وقال مصدر محلي إن ثلاثة من عناصر الأمن قتلوا وأصيب سبعة آخرون بجروح متفاوتة.")
ENGLISH = "At least 12 people were killed,\r\nofficials said on Sunday.\n"


def test_utf8_plain_is_returned_exactly() -> None:
    assert decode_bytes(ARABIC.encode("utf-8")) == ARABIC


def test_utf8_bom_is_dropped_and_nothing_else_changes() -> None:
    text = decode_bytes(codecs.BOM_UTF8 + ARABIC.encode("utf-8"))
    assert text == ARABIC
    assert "\r\n" in text  # no newline translation
    assert not text.startswith("\ufeff")


@pytest.mark.parametrize("bom, encoding", [
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
])
def test_byte_order_marks(bom: bytes, encoding: str) -> None:
    assert decode_bytes(bom + ARABIC.encode(encoding)) == ARABIC


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
@pytest.mark.parametrize("text", [ARABIC, ENGLISH])
def test_utf16_without_bom_found_by_nul_pattern(encoding: str, text: str) -> None:
    assert decode_bytes(text.encode(encoding)) == text


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_or_ascii_found_by_arabic_high_bytes(encoding: str) -> None:
    text = "هجومعلىالسجنوفرارالسجناء"  # no spaces: not a single NUL byte to go by
    data = text.encode(encoding)
    assert b"\x00" not in data
    assert decode_bytes(data) == text


def test_windows_1256_arabic() -> None:
    data = ARABIC.encode("cp1256")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    assert decode_bytes(data) == ARABIC


def test_short_windows_1256_arabic_is_not_mistaken_for_cjk() -> None:
    # charset-normalizer alone reads these few bytes as Big5.
    assert decode_bytes("هجوم على السجن".encode("cp1256")) == "هجوم على السجن"


def test_latin_text_is_not_pulled_into_arabic() -> None:
    # The Windows-1256 nudge must not fire on accented Latin text (whose
    # exact 8-bit codepage is the detector's call: cp1250 and latin-1 agree
    # on these common letters).
    text = "Les forces de sécurité ont déclaré que 25 suspects étaient détenus.\n" * 3
    decoded = decode_bytes(text.encode("latin-1"))
    assert "sécurité" in decoded and "détenus" in decoded
    assert not any("\u0600" <= ch <= "\u06ff" for ch in decoded)


@pytest.mark.parametrize("data", [
    b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + bytes(range(256)),
    b"\x7fELF\x02\x01\x01" + b"\x00" * 64,
    b"PK\x03\x04" + b"word/document.xml",
    b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n",
    b"\x1f\x8b\x08\x00" + b"compressed",
    bytes([0, 1, 2, 3, 250, 0, 0, 17, 99, 0, 200, 0, 0, 0, 5]) * 20,  # NULs on both parities
])
def test_binary_is_refused(data: bytes) -> None:
    with pytest.raises(DecodeError, match=r"^binary file, not text$"):
        decode_bytes(data)


def test_random_bytes_without_nuls_are_binary_or_undetectable() -> None:
    data = bytes(b or 1 for b in os.urandom(4096))  # random, no NUL to give it away
    with pytest.raises(DecodeError) as info:
        decode_bytes(data)
    assert str(info.value) in ("binary file, not text", "could not detect the text encoding")


def test_control_characters_mean_binary() -> None:
    data = ("abc\x01\x02\x03\x04\x05\x06\x07\x08" * 50).encode("ascii")
    with pytest.raises(DecodeError, match="binary"):
        decode_bytes(data)


@pytest.mark.parametrize("data", [
    b"", b"   \n\t\r\n  ", codecs.BOM_UTF8, codecs.BOM_UTF8 + b"\n\n",
    codecs.BOM_UTF16_LE + " \n".encode("utf-16-le"),
])
def test_empty_or_blank(data: bytes) -> None:
    with pytest.raises(DecodeError, match=r"^empty file$"):
        decode_bytes(data)


def test_truncated_utf16_after_bom_says_so() -> None:
    data = codecs.BOM_UTF16_LE + "خبر".encode("utf-16-le") + b"\xd8"  # half a code unit
    with pytest.raises(DecodeError, match="UTF-16"):
        decode_bytes(data)


def test_broken_utf8_after_bom_names_the_byte() -> None:
    data = codecs.BOM_UTF8 + b"ok \xff\xfe then"
    with pytest.raises(DecodeError, match=r"not valid UTF-8 .*byte 6"):
        decode_bytes(data)


def test_offsets_survive_decoding() -> None:
    # The whole point: a span found in the decoded text quotes the file exactly.
    data = codecs.BOM_UTF16_LE + ARABIC.encode("utf-16-le")
    text = decode_bytes(data)
    start = text.index("40")
    assert text[start:start + len("40 مسلحاً")] == "40 مسلحاً"
    assert len(text) == len(ARABIC)
