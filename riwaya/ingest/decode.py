"""Bytes → text, with every offset-relevant decision made here and nowhere else.

Claims quote ``text[start:end]``, so the text must be exactly what the file
says: we read bytes and decode them ourselves (Python's text mode would turn
``\\r\\n`` into ``\\n`` and shift every offset after it). The only change
ever made is dropping a byte-order mark, which is an encoding artefact, not
text (the contract says so).

Order of decisions, most certain first:

1. A byte-order mark (UTF-8, UTF-32, UTF-16) decides the encoding outright.
2. Known binary signatures (PNG, ELF, zip, gzip, PDF, …) are rejected.
3. NUL bytes are either UTF-16 without a BOM (NULs all on one parity: the
   high byte of ASCII code units) or a binary file.
4. Even-length data whose code units' high bytes are mostly ``0x06`` is
   BOM-less UTF-16 Arabic with no ASCII in it (so no NULs to go by). A
   ``0x06`` byte is a control character in every 8-bit encoding, so real
   8-bit text never looks like this.
5. Strict UTF-8 — by far the common case, and a false positive on other
   encodings is vanishingly rare for non-ASCII text. A UTF-8 file damaged
   in a few places (a truncated download, a bad copy) is still UTF-8: when
   valid multi-byte sequences outnumber invalid bytes ten to one, it is
   decoded with U+FFFD for each bad byte and the damage is reported, rather
   than read as mojibake through an 8-bit codepage.
6. charset-normalizer for the rest (Windows-1256, ISO-8859-6, Latin …),
   with a nudge towards Windows-1256 when that reading is Arabic and the
   detector's is not: short Arabic texts are easily mistaken for CJK or
   Cyrillic codepages, and this is an Arabic tool.

Whatever decodes must also look like text (few control characters) or the
file is called binary.
"""

from __future__ import annotations

import codecs

#: Signatures of common binary formats; a text file never starts this way.
_MAGIC: tuple[bytes, ...] = (
    b"\x89PNG\r\n\x1a\n",
    b"\x7fELF",
    b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08",   # zip, docx, xlsx, epub
    b"\x1f\x8b",                                     # gzip
    b"%PDF-",
    b"\xff\xd8\xff",                                 # JPEG
    b"GIF87a", b"GIF89a",
    b"BZh91AY&SY",                                   # bzip2 (level 9 header + block magic)
    b"\xfd7zXZ\x00",                                 # xz
    b"7z\xbc\xaf\x27\x1c",
    b"Rar!\x1a\x07",
    b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",             # MS Office 97 (doc, xls)
    b"SQLite format 3\x00",
)

#: Control characters allowed in text: tab, newline, vertical tab, form feed, carriage return.
_TEXT_CONTROLS = frozenset("\t\n\x0b\x0c\r")

#: How much of the data the heuristics look at; enough to be sure, cheap on huge files.
_SAMPLE = 64 * 1024


class DecodeError(ValueError):
    """The bytes are not usable text; ``str(error)`` is the user-facing reason."""


def decode_bytes(data: bytes) -> str:
    """Decode a file's bytes to text, dropping only a byte-order mark.

    Raises :class:`DecodeError` with a short, lower-case reason ("empty
    file", "binary file, not text", …) that ingest turns into a Problem.
    """
    return decode_text(data)[0]


def decode_text(data: bytes) -> tuple[str, str | None]:
    """:func:`decode_bytes`, plus a note when the text was read despite damage.

    The note (e.g. "not valid UTF-8: 2 bad bytes, the first at byte 20,
    read as U+FFFD") is for the user: the document is usable, but not
    exactly what was meant to be in the file.
    """
    text = _decode(data)
    if not text.strip():
        raise DecodeError("empty file")
    if _looks_binary(text):
        raise DecodeError("binary file, not text")
    note = None
    if isinstance(text, _Damaged):
        note = text.note
        text = str(text)
    return text, note


class _Damaged(str):
    """Text decoded from damaged UTF-8, carrying the note that says so."""

    note: str


def _damaged_utf8(data: bytes, error: UnicodeDecodeError) -> _Damaged | None:
    """UTF-8 with a few bad bytes, decoded with U+FFFD for each; None if it is not UTF-8."""
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd") - data.count("\ufffd".encode())
    multibyte = sum(1 for ch in text[:_SAMPLE * 4] if ch >= "\x80") - bad
    if bad <= 0 or multibyte < 8 or multibyte < 10 * bad:
        return None
    damaged = _Damaged(text)
    plural = "s" if bad != 1 else ""
    first = "the first " if bad != 1 else ""
    damaged.note = (f"not valid UTF-8: {bad} bad byte{plural}, {first}at byte {error.start}, "
                    "read as U+FFFD")
    return damaged


def _decode(data: bytes) -> str:
    if not data:
        raise DecodeError("empty file")
    bom = _from_bom(data)
    if bom is not None:
        return bom
    if any(data.startswith(m) for m in _MAGIC):
        raise DecodeError("binary file, not text")
    sample = data[:_SAMPLE]
    if b"\x00" in sample:
        encoding = _utf16_by_nuls(sample)
        if encoding is None:
            raise DecodeError("binary file, not text")
        return _strict(data, encoding)
    encoding = _utf16_arabic(sample)
    if encoding is not None:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            pass  # not UTF-16 after all; fall through to the 8-bit readings
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        damaged = _damaged_utf8(data, exc)
        if damaged is not None:
            return damaged
    return _detect(data)


def _from_bom(data: bytes) -> str | None:
    """Decode by byte-order mark, or return None when there is none."""
    # UTF-32 LE's BOM begins with UTF-16 LE's, so it must be tested first.
    for bom, encoding, name in (
        (codecs.BOM_UTF8, "utf-8", "UTF-8"),
        (codecs.BOM_UTF32_LE, "utf-32-le", "UTF-32"),
        (codecs.BOM_UTF32_BE, "utf-32-be", "UTF-32"),
        (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16"),
        (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16"),
    ):
        if data.startswith(bom):
            body = data[len(bom):]
            try:
                return body.decode(encoding)
            except UnicodeDecodeError as exc:
                raise DecodeError(
                    f"not valid {name} despite its byte-order mark "
                    f"(byte {exc.start + len(bom)})"
                ) from None
    return None


def _strict(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        if len(data) % 2:
            raise DecodeError("truncated UTF-16 text (odd number of bytes)") from None
        raise DecodeError(f"binary file, not text (invalid UTF-16 at byte {exc.start})") from None


def _utf16_by_nuls(sample: bytes) -> str | None:
    """UTF-16 without a BOM puts the NULs of ASCII code units all on one side.

    Little-endian: ``a\\0b\\0`` (NULs at odd offsets); big-endian the reverse.
    Binary data scatters NULs on both. We require ≥ 95 % on one parity so a
    stray NUL in a real UTF-16 file does not flip the verdict, and that the
    NULs are common enough (≥ 10 % of code units) to be ASCII, not noise.
    """
    if len(sample) < 2:
        return None
    units = len(sample) // 2
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    total = even + odd
    if total < max(1, units // 10):
        return None
    if odd >= 0.95 * total:
        return "utf-16-le"
    if even >= 0.95 * total:
        return "utf-16-be"
    return None


def _utf16_arabic(sample: bytes) -> str | None:
    """BOM-less UTF-16 Arabic without any ASCII: high bytes are mostly 0x06."""
    if len(sample) < 4 or len(sample) % 2:
        return None
    units = len(sample) // 2
    if sample[1::2].count(6) >= 0.5 * units:
        return "utf-16-le"
    if sample[0::2].count(6) >= 0.5 * units:
        return "utf-16-be"
    return None


def _detect(data: bytes) -> str:
    """Ask charset-normalizer, preferring Windows-1256 when only that reading is Arabic."""
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    guess = str(best) if best is not None else None
    try:
        arabic = data.decode("cp1256")
    except UnicodeDecodeError:  # cp1256 maps every byte, but be safe
        arabic = None
    if arabic is not None and _arabic_share(arabic) >= 0.6 and (
        guess is None or _arabic_share(guess) < 0.6
    ):
        return arabic
    if guess is None:
        raise DecodeError("could not detect the text encoding")
    return guess


def _arabic_share(text: str) -> float:
    """Fraction of the letters in ``text`` that are Arabic script."""
    letters = arabic = 0
    for ch in text[:_SAMPLE]:
        if ch.isalpha():
            letters += 1
            if "\u0600" <= ch <= "\u06ff" or "\u0750" <= ch <= "\u077f":
                arabic += 1
    return arabic / letters if letters else 0.0


def _looks_binary(text: str) -> bool:
    """More than 1 % C0 control characters (bar whitespace) means it was never text."""
    sample = text[:_SAMPLE]
    controls = sum(1 for ch in sample if (ch < " " or ch == "\x7f") and ch not in _TEXT_CONTROLS)
    return controls > max(2, len(sample) // 100)
