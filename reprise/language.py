"""Language identification (ISO 639-1) with py3langid, whose model ships inside the package."""

from __future__ import annotations

from functools import lru_cache

# Enough text to decide reliably and cheaply: py3langid's cost grows with the length.
SAMPLE_CHARS = 320
UNDETERMINED = "und"


@lru_cache(maxsize=1)
def _identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE)


def identify(text: str, title: str = "") -> str:
    """The ISO 639-1 code of the text's language, `und` when there are no letters to judge."""
    sample = (title + "\n" + text[:SAMPLE_CHARS]) if title else text[:SAMPLE_CHARS]
    if not any(ch.isalpha() for ch in sample):
        return UNDETERMINED
    return _identifier().classify(sample)[0]
