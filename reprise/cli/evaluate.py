"""`reprise evaluate KIND`: standard metrics against gold data.

The kinds' arguments are declared here and their modules (`reprise/evaluate/`) imported only when
one runs, so that `reprise --help` and every other command start without loading them.
"""

from __future__ import annotations

from importlib import import_module

from ..paths import PROJECT, SHARED_DATA


def _lazy(kind: str):
    def handle(args):
        return import_module(f"reprise.evaluate.{kind}").handle(args)

    return handle


def register(subparsers) -> None:
    p = subparsers.add_parser("evaluate", help="measure reprise against gold data",
                              description="Compute the standard metrics of a stage against gold data.")
    kinds = p.add_subparsers(dest="kind", metavar="KIND")
    kinds.required = True
    for kind in (_cleaning, _reuse, _lines, _pairs, _clusters):
        kind(kinds)


def _cleaning(kinds) -> None:
    p = kinds.add_parser("cleaning", help="extraction + cleaning on trafilatura's benchmark (P, R, F1)",
                         description="Run extraction and cleaning on trafilatura's evaluation pages and score the "
                         "clean text with its snippet metric, beside trafilatura alone.")
    p.add_argument("gold", nargs="?", default=str(SHARED_DATA / "trafilatura-eval" / "gold.jsonl"),
                   help="gold.jsonl of the benchmark (default: ../shared/data/trafilatura-eval/gold.jsonl)")
    p.add_argument("--language", help="score only pages of this language (e.g. fr)")
    p.add_argument("--json", action="store_true", help="print the figures as JSON")
    p.set_defaults(handler=_lazy("cleaning"))


def _reuse(kinds) -> None:
    p = kinds.add_parser("reuse", help="text-reuse alignment on a PAN-style derived set (plagdet)",
                         description="Align the documents of the derived reuse gold set and score the passages with "
                         "PAN's character precision, recall, granularity and plagdet, overall and per operation. "
                         "The set is generated (from ../shared/data) when missing.")
    p.add_argument("gold", nargs="?", help="gold set JSON (default: the cached one, generated if missing)")
    p.add_argument("--regenerate", action="store_true", help="build the gold set again first")
    p.add_argument("--incremental", action="store_true",
                   help="align as `reprise run` does: documents arrive in batches of 500, each against those before it")
    p.add_argument("--json", action="store_true", help="print the figures as JSON")
    p.set_defaults(handler=_lazy("reuse"))


def _lines(kinds) -> None:
    p = kinds.add_parser("lines", help="removed lines against labelled in-text boilerplate (P, R)",
                         description="Run extraction and cleaning on the labelled pages and report precision and "
                         "recall of the lines cleaning removes, overall, per corpus and per kind.")
    p.add_argument("labels", nargs="?", default=str(PROJECT / "eval" / "boilerplate-lines.jsonl"),
                   help="labelled lines, JSON Lines (default: eval/boilerplate-lines.jsonl of the project)")
    p.add_argument("--data", default=str(SHARED_DATA),
                   help="folder holding the labelled corpora (default: ../shared/data)")
    p.add_argument("--verbose", "-v", action="store_true", help="list the misses and the false cuts")
    p.add_argument("--json", action="store_true", help="print the figures as JSON")
    p.set_defaults(handler=_lazy("lines"))


def _pairs(kinds) -> None:
    p = kinds.add_parser("pairs", help="same-story score of article pairs against human labels (Pearson r, ROC-AUC)",
                         description="Score every pair of a SemEval-2022 Task 8 style CSV and report Pearson r "
                         "against 5 - Overall and ROC-AUC of same story (Overall <= 2), overall and per language pair, "
                         "beside the lemma TF-IDF cosine baseline.")
    p.add_argument("pairs", nargs="?", default=str(SHARED_DATA / "semeval2022-task8" / "pairs_dev.csv"),
                   help="CSV with pair_id, lang1, lang2, text1, text2, Overall "
                   "(default: ../shared/data/semeval2022-task8/pairs_dev.csv)")
    p.add_argument("--output", "-o", help="write pair_id,score rows to this CSV")
    p.add_argument("--entities", choices=("plain", "auto", "spacy"), default="plain",
                   help="names by capitalised spans (plain, what the weights were fitted with), by spaCy where a "
                   "pipeline is installed (auto), or by spaCy only (spacy; an error when missing)")
    p.add_argument("--embeddings", metavar="MODEL",
                   help="a sentence-embedding model file on local disk (reprise[embed]: multilingual-e5-small, 4-bit); "
                   "its closeness of the two texts becomes a feature, across languages too")
    p.add_argument("--json", action="store_true", help="print the figures as JSON")
    p.set_defaults(handler=_lazy("pairs"))


def _clusters(kinds) -> None:
    p = kinds.add_parser("clusters", help="story clusters against gold clusters (pairwise and B-cubed P/R/F1, ARI, NMI)",
                         description="Run reprise's story clustering (as `reprise run` does) on articles with a gold "
                         "cluster field and report pairwise and B-cubed precision/recall/F1, ARI, NMI.")
    p.add_argument("gold", nargs="?", default=str(SHARED_DATA / "rpm2-fr" / "articles.jsonl"),
                   help="JSONL with a gold field, or a folder of .txt files labelled by file-name prefix "
                   "(default: ../shared/data/rpm2-fr/articles.jsonl)")
    p.add_argument("--label", default="story", help="the gold field (default: %(default)s)")
    p.add_argument("--embeddings", metavar="MODEL", help="a sentence-embedding model file, as `reprise run --embeddings`")
    p.add_argument("--json", action="store_true", help="print the figures as JSON")
    p.set_defaults(handler=_lazy("clusters"))
