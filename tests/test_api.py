"""The Python API (`import reprise`): the commands' work as functions, with the commands' results."""

from __future__ import annotations

import importlib
import json
import subprocess
import sys

import pytest
from conftest import cli, export, run_ok, write_jsonl

import reprise
from reprise.store import StoreError

DISPATCH = (
    "Le gouvernement a présenté mardi un projet de loi sur l'énergie qui prévoit la construction de six nouveaux "
    "réacteurs nucléaires d'ici à 2035, a annoncé la ministre de la Transition énergétique lors d'une conférence "
    "de presse à Paris. Le texte, qui sera examiné par le Sénat au printemps, fixe aussi un objectif de quarante "
    "pour cent d'électricité renouvelable à la fin de la décennie."
)
MATCH = (
    "L'Olympique lyonnais s'est imposé dimanche soir face à Marseille au terme d'un match longtemps indécis, devant "
    "plus de cinquante mille spectateurs. Les Lyonnais remontent à la quatrième place du championnat."
)


def test_import_is_light_and_the_api_loads_on_first_use():
    code = "import sys, reprise; assert 'reprise.api' not in sys.modules; reprise.run; print('reprise.api' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "True"
    with pytest.raises(AttributeError):
        reprise.no_such_function  # noqa: B018
    assert {"run", "list_stories", "story", "table", "clean_text", "shared_passages", "deduplicate",
            "align_files"} <= set(dir(reprise))  # what a notebook's completion offers


def test_a_store_built_and_read_from_python_is_the_one_the_commands_build(tmp_path):
    records = [{"id": "wire", "published": "2024-03-12T09:00:00Z", "outlet": "AFP", "text": DISPATCH},
               {"id": "site", "published": "2024-03-12T11:00:00Z", "outlet": "Site", "text": "Partager\n" + DISPATCH},
               {"id": "foot", "published": "2024-03-12T20:00:00Z", "outlet": "Site", "text": MATCH}]
    src = write_jsonl(tmp_path / "in.jsonl", records)
    db, reference = tmp_path / "py.db", tmp_path / "cli.db"
    summary = reprise.run(src, db=db)
    assert (summary.read, summary.new, summary.rejected) == (3, 3, 0)
    run_ok(src, "--db", reference, "--quiet")
    for name in ("articles", "duplicates", "reuse", "stories"):
        mine = reprise.table(name, db)
        theirs = export(name, reference)
        if name == "articles":  # the time each was stored differs
            mine, theirs = ([{k: v for k, v in row.items() if k != "ingested_at"} for row in rows] for rows in (mine, theirs))
        assert mine == theirs, name
    importlib.import_module("reprise.stories")  # the subpackage, loaded, does not hide the functions

    listed = reprise.list_stories(db)
    assert sorted(s["article_count"] for s in listed) == [1, 2]
    energy = next(s for s in listed if s["article_count"] == 2)
    assert reprise.list_stories(db, query="énergie") == [energy] == reprise.list_stories(db, outlet="AFP")
    ids = {(row["outlet"], row["text"][:9]): row["id"] for row in reprise.table("articles", db)}
    wire, site = ids["AFP", DISPATCH[:9]], ids["Site", DISPATCH[:9]]
    shown = reprise.story(db, energy["id"])
    assert set(shown["article_ids"]) == {wire, site} and shown["timeline"][0]["article_id"] == wire
    assert reprise.story(db, "story-000000000000") is None
    assert reprise.run(src, db=db).new == 0  # the same input again adds nothing


def test_reading_a_missing_store_or_table_says_so(tmp_path):
    with pytest.raises(StoreError):
        reprise.list_stories(tmp_path / "none.db")
    assert not (tmp_path / "none.db").exists()
    reprise.run(write_jsonl(tmp_path / "in.jsonl", [{"id": "a", "text": MATCH}]), db=tmp_path / "n.db")
    with pytest.raises(ValueError, match="no table"):
        reprise.table("everything", tmp_path / "n.db")


def test_one_text_cleaned_and_two_texts_compared():
    cleaned = reprise.clean_text("Partager\n" + DISPATCH + "\n(AFP)")
    assert cleaned.text == DISPATCH and cleaned.credits == ["afp"]
    assert [r.rule for r in cleaned.removed] == ["interface", "credit"]
    assert reprise.clean_text("").text == ""
    target = "Selon nos informations, " + DISPATCH.replace("six", "huit") + " Le débat promet d'être vif."
    found = reprise.shared_passages(DISPATCH, target, a_id="afp", b_id="site")
    (passage,) = found.passages
    assert (found.source_id, found.target_id, found.direction) == ("afp", "site", "unknown")
    assert DISPATCH[passage.source_begin:passage.source_end].startswith("Le gouvernement a présenté mardi")
    assert target[passage.target_begin:passage.target_end].startswith("Le gouvernement a présenté mardi")
    assert reprise.shared_passages(DISPATCH, MATCH) is None
    with pytest.raises(ValueError):
        reprise.shared_passages(DISPATCH, target, a_id="x", b_id="x")


def test_the_corpus_tools_give_what_the_commands_write(tmp_path, wiki):
    kept, groups = tmp_path / "kept.jsonl", tmp_path / "groups.jsonl"
    copies = write_jsonl(tmp_path / "copies.jsonl", [{"id": "a", "text": DISPATCH}, {"id": "b", "text": DISPATCH},
                                                     {"id": "c", "text": MATCH}])
    summary = reprise.deduplicate([wiki, copies], kept, groups=groups)
    assert (summary.read, summary.kept, summary.exact) == (1194, 1193, 1)
    assert cli("dedup", wiki, copies, "-o", tmp_path / "k2.jsonl", "--groups", tmp_path / "g2.jsonl").code == 0
    assert kept.read_bytes() == (tmp_path / "k2.jsonl").read_bytes()
    assert groups.read_bytes() == (tmp_path / "g2.jsonl").read_bytes()
    with pytest.raises(ValueError):
        reprise.deduplicate(copies, kept, threshold=0)
    found = reprise.align_files(wiki)
    assert cli("align", wiki, "-o", tmp_path / "reuse.jsonl", "--quiet").code == 0
    lines = (tmp_path / "reuse.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(found) > 900 and found == [json.loads(line) for line in lines]
