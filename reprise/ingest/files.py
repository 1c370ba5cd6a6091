"""An input file as the readers open it: a path on this machine, or a file read elsewhere and handed over
as its bytes (`Fetched`: the Spark driver reads inputs from any file system Spark reads, HDFS, S3, ...)."""

from __future__ import annotations

import gzip
import io
import re
from contextlib import contextmanager
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

FILE_SYSTEM_URI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]+:/")  # hdfs://host/..., s3a://bucket/..., file:/...


class Fetched:
    """A file's URI and its bytes. Named like a path (`name`, `stem`, `suffix`, `parent`) from the URI's path,
    and shown as the URI, so that every reader takes it where it takes a `Path`."""

    def __init__(self, uri: str, data: bytes):
        self.uri = uri
        self.data = data
        path = PurePosixPath(urlsplit(uri).path or uri)
        self.name, self.stem, self.suffix, self.parent = path.name, path.stem, path.suffix, path.parent

    def __str__(self) -> str:
        return self.uri

    def __repr__(self) -> str:
        return f"Fetched({self.uri!r}, {len(self.data)} bytes)"


def size_of(target: Path | Fetched) -> int:
    return len(target.data) if isinstance(target, Fetched) else target.stat().st_size


def open_raw(target: Path | Fetched):
    """The file's bytes as they are stored (still gzipped)."""
    return io.BytesIO(target.data) if isinstance(target, Fetched) else open(target, "rb")


@contextmanager
def opened(target: Path | Fetched):
    """The file's content: unzipped on the fly when its name ends with `.gz`."""
    with open_raw(target) as raw:
        if target.name.lower().endswith(".gz"):
            with gzip.GzipFile(fileobj=raw) as unzipped:
                yield unzipped
        else:
            yield raw
