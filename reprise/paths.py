"""Where the checkout is, and the evaluation data beside it (`../shared/data`), used by path."""

from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
SHARED_DATA = PROJECT.parent / "shared" / "data"
