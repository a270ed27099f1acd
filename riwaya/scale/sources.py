"""Batch inputs: JSONL, JSONL.gz, Parquet, WARC and directories, local or by fsspec URL.

``riwaya batch`` splits its input into partitions of record ranges, so every
reader here answers three questions: what are the inputs (:func:`list_inputs`),
how many records does one hold and where does every N-th start
(:func:`count_records`), and what are the documents of records
``[start, stop)`` (:func:`read_range`). Record ranges, not byte ranges, keep
partitions deterministic and make a partition's identity survive a rerun.

Documents must come out exactly as ``riwaya analyze`` makes them, so every
reader goes through the ingest stage's own public functions, and nothing
here turns a record into a Document by itself: loose files through
:func:`riwaya.ingest.read_documents`, each JSONL line (and each Parquet row,
re-encoded as a JSON line) through :func:`riwaya.ingest.parse_line`, each
WARC HTML response through :func:`riwaya.ingest.document_from_html` (the
same trafilatura path as an ``.html`` file), and every file's sidecar
through :func:`riwaya.ingest.file_defaults`.

Nothing here raises for bad input: an unreadable file, line, row or record
becomes a :class:`~riwaya.model.Problem` naming where it is and what is wrong.
"""

from __future__ import annotations

import codecs
import gzip
import hashlib
import json
import os
import tempfile
import zlib
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import IO, Any

from riwaya.ingest import document_from_html, file_defaults, line_body, parse_line
from riwaya.ingest.decode import DecodeError
from riwaya.ingest.files import unsupported_message
from riwaya.ingest.meta import META_KEYS, SIDECAR_SUFFIX, apply_metadata
from riwaya.model import Document, Problem

JSONL_KINDS = (".jsonl.gz", ".jsonl")
PARQUET_KINDS = (".parquet", ".pq")
WARC_KINDS = (".warc.gz", ".warc", ".arc.gz", ".arc")
#: Single-document files, read by the ingest stage exactly as ``analyze`` reads them.
LOOSE_KINDS = (".txt", ".md", ".markdown", ".html", ".htm")

#: Kind of a directory's loose files, grouped into one input.
FILES = "files"

#: Said of a file that was listed but is gone when a task opens it.
VANISHED = "vanished before it could be read"

#: Parquet columns that matter; any others are ignored, as extra JSONL keys are.
PARQUET_COLUMNS = ("id", "text", *META_KEYS)


class SourceError(Exception):
    """An input cannot be opened at all; ``str(error)`` is the one-line reason."""


@dataclass(frozen=True)
class InputFile:
    """One input to partition: a record-holding file, or a directory's loose files.

    ``url`` is what workers open (absolute path or fsspec URL), ``display``
    what the user typed plus the name under it, used in documents' ``path``
    and in Problems. For ``kind == "files"`` ``members`` lists each loose
    file as ``(url, display, fingerprint)``, sorted.
    """

    url: str
    display: str
    kind: str
    fingerprint: str
    members: tuple[tuple[str, str, str], ...] = ()

    @property
    def stem(self) -> str:
        """The file name without its kind's extension (the contract's document id rule)."""
        name = self.display.rstrip("/").rsplit("/", 1)[-1]
        return name[: -len(self.kind)] if name.lower().endswith(self.kind) else name


@dataclass
class RecordCount:
    """How many records an input holds, and the byte offset of every partition's first one."""

    records: int
    offsets: list[int | None] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


# --------------------------------------------------------------------------- listing


def kind_of(name: str) -> str | None:
    """The supported extension ``name`` ends with, longest first, or None."""
    lower = name.lower()
    for ext in (*JSONL_KINDS, *PARQUET_KINDS, *WARC_KINDS, *LOOSE_KINDS):
        if lower.endswith(ext) and len(lower) > len(ext):
            return ext
    return None


def resolve(url: str) -> tuple[Any, str]:
    """``(filesystem, path)`` for a local path or fsspec URL.

    A URL whose backend is not installed (``s3://`` without s3fs, ``hdfs://``
    without a Hadoop client) raises :class:`SourceError` with one line
    saying what to install, instead of a multi-line driver trace.
    """
    import fsspec

    try:
        return fsspec.core.url_to_fs(url)
    except ImportError as exc:
        raise SourceError(f"cannot open {_scheme(url)}:// URLs: {_first_line(exc)}") from None
    except (ValueError, OSError) as exc:
        raise SourceError(f"cannot open {_scheme(url)}:// URLs: {_first_line(exc)}") from None


def _scheme(url: str) -> str:
    return url.split("://", 1)[0] if "://" in url else "file"


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text.splitlines()[0]


def unreadable(where: str, exc: Exception, missing: str = VANISHED) -> Problem:
    """The one-line Problem for an input that cannot be opened or read.

    ``missing`` is what to say when it is not there: the user's own path
    "does not exist", but a file listed earlier "vanished".
    """
    if isinstance(exc, SourceError):
        reason = str(exc)
    elif isinstance(exc, FileNotFoundError):
        reason = missing
    elif isinstance(exc, PermissionError):
        reason = "permission denied"
    else:
        reason = _first_line(exc).lower()
    return Problem(where, reason)


def is_local(fs: Any) -> bool:
    """True for the local filesystem, where a rename is atomic and paths are plain."""
    return "file" in _protocols(fs)


def _protocols(fs: Any) -> tuple[str, ...]:
    proto = fs.protocol
    return (proto,) if isinstance(proto, str) else tuple(proto)


def fingerprint(info: Mapping[str, Any]) -> str:
    """A short hash of what identifies a file version: its size and change marker.

    Object stores give an ETag or MD5, local files an mtime; whichever the
    filesystem offers is used, so a changed input is re-read on a rerun.
    """
    marker = None
    for key in ("ETag", "etag", "md5Hash", "checksum", "mtime", "LastModified",
                "last_modified", "updated", "last_mod", "created"):
        if info.get(key) is not None:
            marker = f"{key}={info[key]}"
            break
    raw = f"size={info.get('size')};{marker}"
    return hashlib.sha1(raw.encode()).hexdigest()[:16]


def list_inputs(args: Iterable[str]) -> tuple[list[InputFile], list[Problem]]:
    """Expand the user's paths/URLs into inputs, in a deterministic order.

    Directories are walked recursively and sorted; hidden entries (a name
    starting with ``.``) are skipped as ``analyze`` skips them; sidecars are
    metadata, not inputs. A directory's loose files become one ``files``
    input so thousands of small reports share partitions.
    """
    inputs: list[InputFile] = []
    problems: list[Problem] = []
    seen: set[str] = set()
    for arg in args:
        arg = str(arg)
        try:
            fs, root = resolve(arg)
            info = fs.info(root)
        except (SourceError, OSError) as exc:
            problems.append(unreadable(arg, exc, missing="no such file or directory"))
            continue
        if info.get("type") == "directory":
            found, bad = _walk(fs, root, arg)
            problems.extend(bad)
        else:
            found = [(_url(fs, root), arg, info)]
        loose: list[tuple[str, str, str]] = []
        names = {display for _, display, _ in found}
        for url, display, finfo in found:
            if url in seen:
                continue
            seen.add(url)
            name = display.rsplit("/", 1)[-1]
            if name.endswith(SIDECAR_SUFFIX):
                if not _sidecar_has_document(display, names):
                    problems.append(Problem(display, "metadata sidecar without a document "
                                                     "beside it"))
                continue
            kind = kind_of(name)
            if kind is None:
                problems.append(Problem(display, unsupported_message(Path(name))))
                continue
            if kind in LOOSE_KINDS:
                loose.append((url, display, fingerprint(finfo)))
                continue
            inputs.append(InputFile(url=url, display=display, kind=kind,
                                    fingerprint=fingerprint(finfo)))
        if loose:
            member_fp = hashlib.sha1("\n".join(m[0] + m[2] for m in loose).encode()).hexdigest()
            inputs.append(InputFile(url=_url(fs, root), display=arg, kind=FILES,
                                    fingerprint=member_fp[:16], members=tuple(loose)))
    return inputs, problems


def _walk(fs: Any, root: str, arg: str) -> tuple[list[tuple[str, str, dict]], list[Problem]]:
    """Every file under ``root`` (sorted, hidden entries skipped) as (url, display, info)."""
    try:
        entries = fs.find(root, withdirs=False, detail=True)
    except OSError as exc:
        return [], [unreadable(arg, exc)]
    out = []
    base = root.rstrip("/")
    for path in sorted(entries):
        rel = path[len(base):].lstrip("/") if path.startswith(base) else path
        if any(part.startswith(".") for part in rel.split("/")):
            continue
        display = arg.rstrip("/") + "/" + rel
        out.append((_url(fs, path), display, entries[path]))
    return out, []


def _url(fs: Any, path: str) -> str:
    """What a worker opens: the absolute path locally, the full URL elsewhere."""
    return os.path.abspath(path) if is_local(fs) else fs.unstrip_protocol(path)


def _sidecar_has_document(display: str, names: set[str]) -> bool:
    stem = display[: -len(SIDECAR_SUFFIX)]
    return any(stem + ext in names for ext in (*JSONL_KINDS, *PARQUET_KINDS, *WARC_KINDS,
                                               *LOOSE_KINDS))


# --------------------------------------------------------------------------- counting


def count_records(inp: InputFile, partition_size: int) -> RecordCount:
    """Count an input's records; note where every ``partition_size``-th one starts.

    Runs as a cluster task (one per input) so planning a large corpus is
    parallel too. Offsets let a partition seek straight to its first record
    where the format allows (plain JSONL, WARC); gzip JSONL must be
    decompressed from the start, so its offsets are ``None``.
    """
    try:
        if inp.kind == FILES:
            n = len(inp.members)
            return RecordCount(n, [None] * _n_parts(n, partition_size))
        if inp.kind in JSONL_KINDS:
            return _count_jsonl(inp, partition_size)
        if inp.kind in PARQUET_KINDS:
            return _count_parquet(inp, partition_size)
        if inp.kind in WARC_KINDS:
            return _count_warc(inp, partition_size)
    except (SourceError, OSError) as exc:
        return RecordCount(0, [], [unreadable(inp.display, exc)])
    return RecordCount(0, [], [Problem(inp.display, f"unsupported input kind {inp.kind}")])


def _n_parts(n: int, size: int) -> int:
    return (n + size - 1) // size


def _open(inp: InputFile, compression: str | None = None) -> IO[bytes]:
    import fsspec

    try:
        return fsspec.open(inp.url, "rb", compression=compression).open()
    except ImportError as exc:
        raise SourceError(f"cannot open {_scheme(inp.url)}:// URLs: {_first_line(exc)}") from None


def _count_jsonl(inp: InputFile, size: int) -> RecordCount:
    gz = inp.kind == ".jsonl.gz"
    offsets: list[int | None] = []
    lines = nonblank = 0
    pos = 0
    with _open(inp, "gzip" if gz else None) as fh:
        try:
            for raw in fh:
                if lines % size == 0:
                    offsets.append(None if gz else pos)
                if lines == 0 and raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
                    return RecordCount(0, [], [Problem(
                        inp.display, "JSONL must be UTF-8 (this file is UTF-16)", line=1)])
                pos += len(raw)
                lines += 1
                if raw.strip():
                    nonblank += 1
        except (EOFError, gzip.BadGzipFile, zlib.error):
            pass  # the partition that reaches the damage reports it, with its line
    if nonblank == 0:
        return RecordCount(0, [], [Problem(inp.display, "empty file")])
    return RecordCount(lines, offsets)


def _count_parquet(inp: InputFile, size: int) -> RecordCount:
    import pyarrow.parquet as pq

    with _open(inp) as fh:
        try:
            meta = pq.ParquetFile(fh).metadata
        except Exception as exc:  # pyarrow raises ArrowInvalid and friends
            return RecordCount(0, [], [Problem(inp.display,
                                               f"not a readable Parquet file ({_first_line(exc)})")])
        names = set(meta.schema.names)
    missing = [c for c in ("id", "text") if c not in names]
    if missing:
        return RecordCount(0, [], [Problem(inp.display, "missing column " +
                                           ", ".join(repr(c) for c in missing))])
    if meta.num_rows == 0:
        return RecordCount(0, [], [Problem(inp.display, "empty file")])
    return RecordCount(meta.num_rows, [None] * _n_parts(meta.num_rows, size))


def _count_warc(inp: InputFile, size: int) -> RecordCount:
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    offsets: list[int | None] = []
    n = 0
    problems: list[Problem] = []
    with _open(inp) as fh:
        it = ArchiveIterator(fh, arc2warc=True)
        try:
            for rec in it:
                if _html_record(rec):
                    if n % size == 0:
                        offsets.append(it.get_record_offset())
                    n += 1
        except (ArchiveLoadFailed, EOFError, zlib.error, gzip.BadGzipFile, ValueError) as exc:
            problems.append(Problem(inp.display, f"corrupt WARC after {n} HTML records "
                                                 f"({_first_line(exc)}); the rest is skipped"))
    if n == 0 and not problems:
        problems.append(Problem(inp.display, "no HTML response records"))
    return RecordCount(n, offsets, problems)


def _html_record(rec: Any) -> bool:
    """A WARC record holding an HTML page: a 2xx HTML response, or an HTML resource."""
    if rec.rec_type == "response":
        http = rec.http_headers
        if http is None:
            return False
        status = http.get_statuscode() or ""
        if not status.startswith("2"):
            return False
        ctype = http.get_header("Content-Type") or ""
    elif rec.rec_type == "resource":
        ctype = rec.rec_headers.get_header("Content-Type") or ""
    else:
        return False
    ctype = ctype.lower()
    return "html" in ctype


# --------------------------------------------------------------------------- reading

#: ``(document, record number)`` or a Problem; the number is a JSONL line, a
#: Parquet row (1-based), a WARC HTML-record number (1-based), or None.
Item = tuple[Document, int | None] | Problem


def read_range(inp: InputFile, start: int, stop: int | None,
               offset: int | None = None) -> Iterator[Item]:
    """The documents of records ``[start, stop)`` (``stop=None``: to the end)."""
    try:
        if inp.kind == FILES:
            yield from _read_files(inp, start, stop)
        elif inp.kind in JSONL_KINDS:
            yield from _read_jsonl(inp, start, stop, offset)
        elif inp.kind in PARQUET_KINDS:
            yield from _read_parquet(inp, start, stop)
        elif inp.kind in WARC_KINDS:
            yield from _read_warc(inp, start, stop, offset)
        else:
            yield Problem(inp.display, f"unsupported input kind {inp.kind}")
    except (SourceError, OSError) as exc:
        yield unreadable(inp.display, exc)


def _read_files(inp: InputFile, start: int, stop: int | None) -> Iterator[Item]:
    """Loose files through ``read_documents``: the very code ``analyze`` runs.

    Remote files are first copied, with their sidecars, into a temporary
    directory, since the ingest stage reads local paths.
    """
    from riwaya.ingest import read_documents

    members = inp.members[start:stop]
    if not members:
        return
    fs, _ = resolve(members[0][0])
    if is_local(fs):
        rename = {os.path.abspath(url): display for url, display, _ in members}
        yield from _renamed(read_documents([Path(url) for url, _, _ in members]), rename)
        return
    with tempfile.TemporaryDirectory(prefix="riwaya-fetch-") as tmp:
        rename = {}
        local: list[Path] = []
        for i, (url, display, _) in enumerate(members):
            name = display.rsplit("/", 1)[-1]
            folder = Path(tmp) / str(i)
            folder.mkdir()
            try:
                _fetch(url, folder / name)
            except OSError as exc:
                yield unreadable(display, exc)
                continue
            sidecar = name[: -len(kind_of(name) or "")] + SIDECAR_SUFFIX
            try:
                _fetch(url[: -len(name)] + sidecar, folder / sidecar)
            except OSError:
                pass  # no sidecar: the normal case
            else:
                rename[str(folder / sidecar)] = display[: -len(name)] + sidecar
            rename[str(folder / name)] = display
            local.append(folder / name)
        yield from _renamed(read_documents(local), rename)


def _fetch(url: str, target: Path) -> None:
    """Copy a remote file to a local path (``OSError`` when it cannot be had)."""
    import fsspec

    with fsspec.open(url, "rb") as src:
        target.write_bytes(src.read())


def _renamed(items: Iterable[Document | Problem], rename: Mapping[str, str]) -> Iterator[Item]:
    """Put the user's paths back on documents and Problems read from other paths."""
    for item in items:
        if isinstance(item, Problem):
            item.path = rename.get(item.path, rename.get(os.path.abspath(item.path), item.path))
            yield item
            continue
        if item.path is not None:
            item.path = rename.get(item.path, rename.get(os.path.abspath(item.path), item.path))
        yield item, None


def sidecar_defaults(inp: InputFile) -> tuple[dict[str, Any], list[Problem]]:
    """Metadata from ``<stem>.meta.json`` beside a JSONL/Parquet/WARC file, for every record.

    Read and checked by the ingest stage's :func:`~riwaya.ingest.file_defaults`,
    as ``analyze`` reads a JSONL file's sidecar (a remote sidecar is copied
    to a local file first); Problems name the sidecar as the user would.
    """
    name = inp.url.rstrip("/").rsplit("/", 1)[-1]
    sidecar = inp.stem + SIDECAR_SUFFIX
    url = inp.url[: len(inp.url) - len(name)] + sidecar
    shown = inp.display[: len(inp.display) - len(inp.display.rsplit("/", 1)[-1])] + sidecar
    if "://" not in url:
        meta, problems = file_defaults(Path(url))
    else:
        with tempfile.TemporaryDirectory(prefix="riwaya-fetch-") as tmp:
            try:
                _fetch(url, Path(tmp) / sidecar)
            except OSError:
                return {}, []
            meta, problems = file_defaults(Path(tmp) / sidecar)
    for p in problems:
        p.path = shown
    return meta, problems


def _read_jsonl(inp: InputFile, start: int, stop: int | None,
                offset: int | None) -> Iterator[Item]:
    defaults, problems = sidecar_defaults(inp)
    if start == 0:
        yield from problems  # once per file, from its first partition
    gz = inp.kind == ".jsonl.gz"
    index = 0
    with _open(inp, "gzip" if gz else None) as fh:
        if offset is not None and not gz:
            fh.seek(offset)
            index = start
        try:
            for raw in fh:
                if stop is not None and index >= stop:
                    break
                index += 1
                if index <= start:
                    continue
                body = line_body(raw, index)
                if not body.strip():
                    continue
                yield from parse_line(body, index, inp.display, defaults)
        except (EOFError, gzip.BadGzipFile, zlib.error) as exc:
            detail = str(exc) or type(exc).__name__
            yield Problem(inp.display, f"corrupt or truncated gzip data after line {index} "
                                       f"({detail})")


def _jsonable(value: Any) -> Any:
    """A Parquet cell as the JSON value a JSONL line would hold."""
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bytes):
        try:
            return value.decode("utf-8")
        except UnicodeDecodeError:
            return None
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in value.items()}
    return value


def _read_parquet(inp: InputFile, start: int, stop: int | None) -> Iterator[Item]:
    """Rows ``[start, stop)``, reading only the row groups that overlap them.

    Each row is re-encoded as a compact JSON object and handed to the JSONL
    line parser, so validation and metadata rules are the JSONL ones; its
    ``sha256`` is of that canonical encoding.
    """
    import pyarrow.parquet as pq

    defaults, problems = sidecar_defaults(inp)
    if start == 0:
        yield from problems
    with _open(inp) as fh:
        pf = pq.ParquetFile(fh)
        columns = [c for c in PARQUET_COLUMNS if c in pf.schema_arrow.names]
        first = 0
        for g in range(pf.metadata.num_row_groups):
            n = pf.metadata.row_group(g).num_rows
            lo, hi = first, first + n
            first = hi
            if hi <= start or (stop is not None and lo >= stop):
                continue
            rows = pf.read_row_group(g, columns=columns).to_pylist()
            for i, row in enumerate(rows):
                index = lo + i
                if index < start or (stop is not None and index >= stop):
                    continue
                obj = {k: _jsonable(v) for k, v in row.items() if v is not None}
                body = json.dumps(obj, ensure_ascii=False, sort_keys=True,
                                  separators=(",", ":")).encode("utf-8")
                yield from parse_line(body, index + 1, inp.display, defaults)


def _read_warc(inp: InputFile, start: int, stop: int | None,
               offset: int | None) -> Iterator[Item]:
    """HTML records ``[start, stop)`` of a WARC, each through the ``analyze`` HTML path."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    defaults, problems = sidecar_defaults(inp)
    if start == 0:
        yield from problems
    index = 0
    with _open(inp) as fh:
        if offset is not None:
            fh.seek(offset)
            index = start
        it = ArchiveIterator(fh, arc2warc=True)
        try:
            for rec in it:
                if not _html_record(rec):
                    continue
                if stop is not None and index >= stop:
                    break
                index += 1
                if index <= start:
                    continue
                uri = rec.rec_headers.get_header("WARC-Target-URI")
                payload = rec.content_stream().read()
                doc_id = f"{inp.stem}_{index:06d}"
                try:
                    doc = document_from_html(payload, doc_id, inp.display)
                except DecodeError as exc:
                    yield Problem(inp.display, f"record {index} <{uri}>: {exc}")
                    continue
                except Exception as exc:  # a broken page must cost one record only
                    yield Problem(inp.display, f"record {index} <{uri}>: internal error: "
                                               f"{type(exc).__name__}: {_first_line(exc)}")
                    continue
                # The crawl's target URI is where the page was fetched from.
                doc.url = uri or doc.url
                # Bad sidecar values were reported once, from the first partition.
                apply_metadata(doc, defaults, inp.display)
                yield doc, index
        except (ArchiveLoadFailed, EOFError, zlib.error, gzip.BadGzipFile, ValueError) as exc:
            yield Problem(inp.display, f"corrupt WARC after record {index} "
                                       f"({_first_line(exc)}); the rest is skipped")
