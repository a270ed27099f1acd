"""The batch output directory: a manifest of finished work, atomic file commits, sweeping.

A batch run over millions of documents will be interrupted (a pre-empted
node, a full disk, Ctrl-C), and rerunning it from scratch would waste
hours, so the output directory remembers what is finished:

* ``_manifest.json`` lists every finished partition with the fingerprint of
  the input it read and the files it wrote. It is only ever replaced whole
  (written to a temporary name, then renamed), so it is never seen half
  written, and only the driver writes it.
* A partition writes its files under ``_staging/`` and then renames each
  into place, all before the driver records it as finished. A file is
  therefore either absent or complete, and its name
  (``part-<partition>.parquet``) is the same on every run, so redoing a
  partition replaces its files instead of duplicating them.
* On start, :meth:`Store.sweep` deletes ``_staging/`` and every data file
  whose partition the manifest does not list as finished: the leftovers of
  a run killed between a rename and the manifest update. What remains is
  exactly the finished partitions.
"""

from __future__ import annotations

import json
import re
import time
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from riwaya.scale.sources import is_local, resolve

MANIFEST = "_manifest.json"
STAGING = "_staging"
FORMAT = 1

#: The data file names partitions write: ``part-<partition key>.<ext>``.
_PART_FILE = re.compile(r"^part-(?P<key>[0-9a-f]{12}-\d{10})\.(parquet|txt)$")


class Store:
    """The output directory, local or fsspec URL, with the few operations batch needs.

    Renames are atomic on local and POSIX shared filesystems (NFS, Lustre,
    CephFS). On object stores (s3://, gs://) a rename is a copy then a
    delete, so a reader may glimpse a file early; the manifest stays the
    authority on what is finished there.
    """

    def __init__(self, url: str) -> None:
        self.url = url
        self.fs, root = resolve(url)
        self.root = root.rstrip("/") or "/"

    def __reduce__(self) -> tuple[Any, tuple[str]]:
        return (Store, (self.url,))

    def path(self, rel: str) -> str:
        """Absolute path (in the filesystem's own terms) of ``rel`` under the root."""
        return f"{self.root}/{rel}" if rel else self.root

    def full_url(self, rel: str) -> str:
        """``rel`` as Dask's and Arrow's readers want it: with the URL scheme when remote."""
        path = self.path(rel)
        if "://" in self.url and "://" not in path:
            return f"{self.url.split('://', 1)[0]}://{path}"
        return path

    def exists(self, rel: str) -> bool:
        return self.fs.exists(self.path(rel))

    def read_text(self, rel: str) -> str:
        with self.fs.open(self.path(rel), "rb") as fh:
            return fh.read().decode("utf-8")

    def write_bytes(self, rel: str, data: bytes) -> None:
        self.makedirs_for(rel)
        with self.fs.open(self.path(rel), "wb") as fh:
            fh.write(data)

    def makedirs_for(self, rel: str) -> None:
        parent = self.path(rel).rsplit("/", 1)[0]
        self.fs.makedirs(parent, exist_ok=True)

    def replace(self, src: str, dst: str) -> None:
        """Move ``src`` over ``dst`` (both relative): atomic where the filesystem allows."""
        self.makedirs_for(dst)
        if is_local(self.fs):
            import os

            os.replace(self.path(src), self.path(dst))
        else:
            self.fs.mv(self.path(src), self.path(dst))

    def remove(self, rel: str) -> None:
        """Delete a file or a whole directory; a missing one is fine."""
        path = self.path(rel)
        try:
            if self.fs.isdir(path):
                self.fs.rm(path, recursive=True)
            else:
                self.fs.rm(path)
        except FileNotFoundError:
            pass

    def files(self, rel: str = "") -> list[str]:
        """Every file under ``rel``, relative to the root, sorted."""
        base = self.path(rel)
        if not self.fs.exists(base):
            return []
        out = []
        for p in self.fs.find(base, withdirs=False):
            p = p.rstrip("/")
            if "://" in p:
                p = p.split("://", 1)[1]
            root = self.root.split("://", 1)[-1]
            out.append(p[len(root):].lstrip("/") if p.startswith(root) else p)
        return sorted(out)

    def staging_dir(self, name: str) -> str:
        """A fresh directory under ``_staging/`` (unique, so a retried task never collides)."""
        return f"{STAGING}/{name}-{uuid.uuid4().hex[:8]}"

    def sweep(self, finished: Iterable[str]) -> list[str]:
        """Delete ``_staging/`` and every partition file not of a finished partition.

        Returns the deleted paths so the caller can say what it cleaned up.
        """
        keep = set(finished)
        removed: list[str] = []
        if self.exists(STAGING):
            self.remove(STAGING)
            removed.append(STAGING + "/")
        for rel in self.files():
            name = rel.rsplit("/", 1)[-1]
            m = _PART_FILE.match(name)
            if m is not None and m.group("key") not in keep:
                self.remove(rel)
                removed.append(rel)
        return removed


@dataclass
class Manifest:
    """What an output directory holds: settings, cached input counts, finished work."""

    settings: dict[str, Any] = field(default_factory=dict)
    inputs: dict[str, dict[str, Any]] = field(default_factory=dict)
    partitions: dict[str, dict[str, Any]] = field(default_factory=dict)
    reduce: dict[str, Any] | None = None
    riwaya_version: str = ""

    @classmethod
    def load(cls, store: Store) -> Manifest | None:
        """The manifest in ``store``, or None when there is none yet.

        A manifest that cannot be parsed raises ``ValueError`` with a
        one-line reason: silently starting afresh would redo (and, without
        the sweep's knowledge, duplicate) hours of work.
        """
        if not store.exists(MANIFEST):
            return None
        try:
            data = json.loads(store.read_text(MANIFEST))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise ValueError(f"{store.path(MANIFEST)}: unreadable manifest ({exc}); "
                             "use --restart to start this output afresh") from None
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise ValueError(f"{store.path(MANIFEST)}: not a riwaya batch manifest of format "
                             f"{FORMAT}; use --restart to start this output afresh")
        return cls(settings=data.get("settings") or {}, inputs=data.get("inputs") or {},
                   partitions=data.get("partitions") or {}, reduce=data.get("reduce"),
                   riwaya_version=data.get("riwaya_version", ""))

    def to_json(self) -> str:
        return json.dumps({
            "format": FORMAT,
            "riwaya_version": self.riwaya_version,
            "settings": self.settings,
            "updated": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
            "inputs": self.inputs,
            "partitions": self.partitions,
            "reduce": self.reduce,
        }, ensure_ascii=False, indent=1, sort_keys=True)

    def save(self, store: Store) -> None:
        """Replace the manifest atomically: write a temporary file, then rename it."""
        tmp = f"{STAGING}/manifest-{uuid.uuid4().hex[:8]}.json"
        store.write_bytes(tmp, self.to_json().encode("utf-8"))
        store.replace(tmp, MANIFEST)
