"""The benchmark metric, and extraction + cleaning on trafilatura's French benchmark pages."""

from __future__ import annotations

from pathlib import Path

import pytest

from reprise.evaluate.cleaning import evaluate
from reprise.evaluate.snippets import Counts, squash

GOLD = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "trafilatura-eval" / "gold.jsonl"


def test_squash_collapses_whitespace():
    assert squash("  a\n\n b\t c ") == "a b c"


def test_counts_follow_the_benchmark_definition():
    c = Counts()
    c.add("The mayor  spoke.\nThen the council voted.", ["mayor spoke", "council voted", "budget"], ["Share this", "voted"])
    assert (c.tp, c.fn, c.fp, c.tn) == (2, 1, 1, 1)
    assert c.precision == pytest.approx(2 / 3)
    assert c.recall == pytest.approx(2 / 3)
    assert c.f1 == pytest.approx(2 * 2 / (2 * 2 + 1 + 1))


def test_empty_output_misses_every_gold_snippet():
    c = Counts()
    c.add("", ["a", "b"], ["c"])
    assert (c.tp, c.fn, c.fp, c.tn) == (0, 2, 0, 1)
    assert c.f1 == 0.0


@pytest.mark.skipif(not GOLD.is_file(), reason="trafilatura benchmark data not available")
def test_french_pages_not_worse_than_trafilatura_alone():
    result = evaluate(GOLD, language="fr")
    assert result["pages"] == 26
    alone, ours = result["trafilatura"]["fr"], result["reprise"]["fr"]
    assert ours["f1"] >= alone["f1"]
    assert ours["precision"] >= alone["precision"]
    assert ours["recall"] >= alone["recall"]
    assert ours["tp"] + ours["fn"] == alone["tp"] + alone["fn"]  # the same snippets scored
