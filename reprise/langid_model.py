"""py3langid's model as reprise uses it, unpacked once into the user's cache.

py3langid ships its model compressed with LZMA (4.6 MB packed, 68 MB unpacked). Unpacking it takes
about 0.75 s at every start of a process: a fifth of `reprise run --store-only` over Reuters. So the
first process that needs it writes the unpacked arrays as `.npy` files in the cache folder, and the
processes after it map them. Only the languages with an ISO 639-1 code are kept (reprise reports
those): py3langid's 142 classes include Nigerian Pidgin (`pcm`) and "no linguistic content" (`zxx`),
which it gives to English tables of figures.

The cache folder is named after py3langid's version and the model file's size, written under a
temporary name and renamed into place, so a process never reads a half-written one. A cache that
cannot be written is no error (the next process unpacks the model again); one that cannot be read is
removed, to be written anew.
"""

from __future__ import annotations

import importlib.metadata
import lzma
import os
import shutil
import tempfile
import time
from pathlib import Path

import numpy as np

LAYOUT = "iso639-1"  # what the cached arrays hold; a new layout gets a new folder
_NAMES = ("ptc", "pc", "classes", "nextmove", "nextmove_row", "out_feat")


def cache_root() -> Path:
    """`$REPRISE_CACHE`, else `$XDG_CACHE_HOME/reprise`, else `~/.cache/reprise`."""
    if os.environ.get("REPRISE_CACHE"):
        return Path(os.environ["REPRISE_CACHE"])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "reprise"


def load_identifier():
    """py3langid's `LanguageIdentifier`, restricted to ISO 639-1 languages, from the cache when it can be."""
    from py3langid import langid

    packed = langid.MODEL_DIR / langid.MODEL_FILE
    folder = _folder(packed)
    arrays = _read(folder)
    if arrays is None:
        arrays = _two_letter(_unpack(packed))
        _write(folder, arrays)
    return langid.LanguageIdentifier(
        np.asarray(arrays["ptc"]), np.asarray(arrays["pc"]), arrays["classes"].tolist(),
        _walkable(arrays["nextmove"]), arrays["out_feat"].tolist(), tk_row=_walkable(arrays["nextmove_row"]))


def _folder(packed: Path) -> Path:
    """Where the unpacked arrays of this model are kept."""
    try:
        version = importlib.metadata.version("py3langid")
    except importlib.metadata.PackageNotFoundError:  # installed without its metadata: the file's size tells
        version = "unknown"
    return cache_root() / f"py3langid-{version}-{packed.stat().st_size}-{LAYOUT}"


def _read(folder: Path) -> dict[str, np.ndarray] | None:
    """The arrays in `folder`, mapped; None when there are none, or when they cannot be read (a full disk, a
    hand edit): then the folder is removed, to be written anew."""
    if not (folder / "ptc.npy").exists():
        return None
    try:
        return {name: np.load(folder / f"{name}.npy", mmap_mode="r", allow_pickle=False) for name in _NAMES}
    except (OSError, ValueError):
        shutil.rmtree(folder, ignore_errors=True)
        return None


def _write(folder: Path, arrays: dict[str, np.ndarray]) -> None:
    """Keep the arrays in `folder` for the next processes: written under a temporary name, then renamed into
    place. A cache that cannot be written (no room, no home) is no error: the next process unpacks again."""
    staging = None
    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
        _remove_stale_staging(folder.parent)
        staging = Path(tempfile.mkdtemp(prefix=".unpacking-", dir=folder.parent))
        for name in _NAMES:
            np.save(staging / f"{name}.npy", arrays[name], allow_pickle=False)
        os.rename(staging, folder)  # fails when another process renamed its copy first: that one is kept
    except OSError:
        pass
    finally:
        if staging is not None:
            shutil.rmtree(staging, ignore_errors=True)


STALE_STAGING = 3600.0  # seconds: a staging folder this old was left by a process killed while writing


def _remove_stale_staging(root: Path) -> None:
    """The half-written copies that killed processes left (61 MB each)."""
    now = time.time()
    for staging in root.glob(".unpacking-*"):
        try:
            if now - staging.stat().st_mtime > STALE_STAGING:
                shutil.rmtree(staging, ignore_errors=True)
        except OSError:
            pass


def _unpack(packed: Path) -> dict[str, np.ndarray]:
    """The arrays of py3langid's packed model (an LZMA-compressed `.npz`)."""
    with tempfile.TemporaryFile(suffix=".npz") as unpacked:
        with lzma.open(packed) as source:
            shutil.copyfileobj(source, unpacked, length=1 << 20)
        unpacked.seek(0)
        with np.load(unpacked, allow_pickle=False) as data:
            return {name: data[name] for name in _NAMES}


def _two_letter(arrays: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """The model with only the classes that have an ISO 639-1 code."""
    keep = np.array([len(code) == 2 for code in arrays["classes"].tolist()])
    return {**arrays, "ptc": np.ascontiguousarray(arrays["ptc"][:, keep]), "pc": arrays["pc"][keep],
            "classes": arrays["classes"][keep]}


def _walkable(values: np.ndarray) -> memoryview:
    """The automaton's unsigned integers as py3langid walks them, one Python int an index, as fast as its
    own `array.array`: a view of the mapped file, so only the pages the texts reach are read."""
    return memoryview(np.ascontiguousarray(values))
