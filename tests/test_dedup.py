"""Exact and near duplicates: groups, canonical members, verified similarities, `reprise dedup`."""

from __future__ import annotations

import functools
import json
import random
from collections import defaultdict
from datetime import datetime, timedelta, timezone

import pytest
from conftest import DATA, cli, write_jsonl
from test_minhash import reference_jaccard

from reprise import ids
from reprise.cli import dedup as dedup_cli
from reprise.dedup import Deduplicator, text_digest, when_key
from reprise.ids import article_id

REUTERS = DATA / "reuters21578" / "reuters21578.jsonl"

DISPATCH = (
    "Le gouvernement a présenté mardi un projet de loi sur l'énergie qui prévoit la construction de six nouveaux "
    "réacteurs nucléaires d'ici à 2035, a annoncé la ministre de la Transition énergétique lors d'une conférence "
    "de presse à Paris.\n\n"
    "Le texte, qui sera examiné par le Sénat au printemps, fixe aussi un objectif de quarante pour cent "
    "d'électricité renouvelable à la fin de la décennie. Les associations de défense de l'environnement ont "
    "dénoncé un texte qui tourne le dos aux économies d'énergie, tandis que le patronat a salué un signal "
    "attendu par l'industrie."
)
CORRECTED = DISPATCH.replace("six nouveaux", "huit nouveaux")  # the corrected version: one word changed
UPDATED = DISPATCH + ("\n\nLe Premier ministre doit s'exprimer mercredi devant les députés pour défendre le "
                      "projet, a précisé son entourage.")
UNRELATED = (
    "L'Olympique lyonnais s'est imposé dimanche soir face à Marseille (3-1) au terme d'un match longtemps indécis, "
    "devant plus de cinquante mille spectateurs. Les Lyonnais remontent à la quatrième place du championnat, à "
    "deux points du podium, avant de recevoir Lille samedi prochain."
)
T0 = datetime(2024, 3, 12, 9, 0, tzinfo=timezone.utc)


def as_sets(groups) -> set[frozenset]:
    return {frozenset(m.id for m in g.members) for g in groups}


def test_a_corrected_dispatch_joins_the_original_and_a_stranger_stays_out():
    engine = Deduplicator(0.8)
    engine.add("afp-1", DISPATCH, T0)
    engine.add("afp-2", CORRECTED, T0 + timedelta(minutes=20))
    engine.add("other", UNRELATED, T0)
    groups = engine.groups()
    assert as_sets(groups) == {frozenset({"afp-1", "afp-2"})}
    group = groups[0]
    assert group.canonical_id == "afp-1"
    assert [m.id for m in group.members] == ["afp-1", "afp-2"]
    assert group.members[0].similarity == 1.0 and group.members[0].reason.startswith("canonical")
    assert "near duplicate of afp-1" in group.members[1].reason


def test_reported_similarity_is_the_exact_jaccard():
    engine = Deduplicator(0.8)
    for i, text in enumerate((DISPATCH, CORRECTED, UPDATED)):
        engine.add(f"v{i}", text, T0 + timedelta(hours=i))
    (group,) = engine.groups()
    by_id = {m.id: m.similarity for m in group.members}
    assert by_id["v0"] == 1.0
    assert by_id["v1"] == pytest.approx(reference_jaccard(DISPATCH, CORRECTED), abs=1e-12)
    assert by_id["v2"] == pytest.approx(reference_jaccard(DISPATCH, UPDATED), abs=1e-12)
    assert 0.8 <= by_id["v2"] < by_id["v1"] < 1.0


def test_below_the_threshold_is_not_a_duplicate():
    assert reference_jaccard(DISPATCH, UPDATED) < 0.95
    engine = Deduplicator(0.95)
    engine.add("a", DISPATCH, T0)
    engine.add("b", UPDATED, T0)
    assert engine.groups() == []


def test_canonical_is_the_earliest_published_then_the_smallest_id():
    engine = Deduplicator(0.8)
    engine.add("z-late", DISPATCH, T0 + timedelta(days=1))
    engine.add("y-early", CORRECTED, T0)
    engine.add("undated", DISPATCH, None)
    (group,) = engine.groups()
    assert group.canonical_id == "y-early"
    assert [m.id for m in group.members] == ["y-early", "z-late", "undated"]
    assert group.members[0].reason == "canonical: earliest published"

    engine = Deduplicator(0.8)
    for ident in ("b", "c", "a"):
        engine.add(ident, DISPATCH, T0)
    (group,) = engine.groups()
    assert group.canonical_id == "a"
    assert all(m.similarity == 1.0 for m in group.members)
    assert [m.reason for m in group.members[1:]] == ["exact copy of a", "exact copy of a"]
    assert "first by id" in group.members[0].reason


def test_exact_copies_of_a_near_duplicate_carry_its_similarity():
    engine = Deduplicator(0.8)
    engine.add("orig", DISPATCH, T0)
    engine.add("fix-1", CORRECTED, T0 + timedelta(hours=1))
    engine.add("fix-2", CORRECTED, T0 + timedelta(hours=2))
    (group,) = engine.groups()
    sims = {m.id: m.similarity for m in group.members}
    assert sims["fix-1"] == sims["fix-2"] < 1.0


def corpus(n_stories: int = 30, seed: int = 3) -> list[tuple[str, str, datetime]]:
    """Stories with their corrected versions, copies and updates, dated, in random order."""
    rng = random.Random(seed)
    vocabulary = ("gouvernement ministre projet loi énergie réacteur Sénat texte électricité industrie "
                  "association patronat député région maire budget école hôpital grève accord").split()
    docs = []
    for s in range(n_stories):
        body = " ".join(rng.choice(vocabulary) + str(rng.randrange(50)) for _ in range(80))
        when = T0 + timedelta(hours=s)
        docs.append((f"s{s}-orig", body, when))
        kind = s % 4
        if kind == 0:  # corrected version
            w = body.split()
            w[40] = "corrigé"
            docs.append((f"s{s}-fix", " ".join(w), when + timedelta(minutes=30)))
        elif kind == 1:  # the same wire copy on two sites, one with an extra paragraph
            docs.append((f"s{s}-site", body, when + timedelta(minutes=5)))
            docs.append((f"s{s}-more", body + " fin de la dépêche ajoutée par le site", when + timedelta(minutes=9)))
        elif kind == 2:  # same time, ties broken by id
            docs.append((f"s{s}-dup", body, when))
    rng.shuffle(docs)
    return docs


def groups_of(docs) -> list[dict]:
    engine = Deduplicator(0.8)
    for ident, text, when in docs:
        engine.add(ident, text, when)
    return [g.as_dict() for g in engine.groups()]


def test_groups_do_not_depend_on_the_order_of_the_input():
    docs = corpus()
    expected = groups_of(docs)
    assert len(expected) == 23  # every story but kind 3 (alone)
    for seed in range(3):
        random.Random(seed).shuffle(docs)
        assert groups_of(docs) == expected
    by_canonical = {g["canonical_id"]: g for g in expected}
    assert [m["id"] for m in by_canonical["s2-dup"]["members"]] == ["s2-dup", "s2-orig"]  # same time: by id
    assert {m["id"] for m in by_canonical["s1-orig"]["members"]} == {"s1-orig", "s1-site", "s1-more"}


def test_insert_returns_verified_matches_among_earlier_texts():
    engine = Deduplicator(0.8)
    assert engine.insert("a", DISPATCH, T0) == []
    assert engine.insert("x", UNRELATED, T0) == []
    (match,) = engine.insert("b", CORRECTED, T0)
    assert (match.id, match.similarity) == ("a", pytest.approx(reference_jaccard(DISPATCH, CORRECTED)))
    matches = engine.insert("a-copy", DISPATCH, T0)
    assert {(m.id, round(m.similarity, 9)) for m in matches} == {("a", 1.0), ("b", round(match.similarity, 9))}


# -- the command ------------------------------------------------------------------------------


def test_dedup_command_writes_kept_records_and_groups(tmp_path):
    records = [
        {"id": "afp-2", "published": "2024-03-12T09:20:00Z", "title": "Énergie (corrigé)", "text": CORRECTED,
         "custom": [1, 2]},
        {"id": "afp-1", "published": "2024-03-12T09:00:00Z", "title": "Énergie", "text": DISPATCH},
        {"id": 7, "published": "2024-03-12T10:00:00Z", "title": "Foot", "text": UNRELATED},
        {"id": "site-copy", "published": "2024-03-13", "text": DISPATCH},
    ]
    src = write_jsonl(tmp_path / "in.jsonl", records)
    kept, groups = tmp_path / "kept.jsonl", tmp_path / "groups.jsonl"
    result = cli("dedup", src, "--output", kept, "--groups", groups, "--threshold", "0.8")
    assert result.code == 0, result.output
    lines = kept.read_text(encoding="utf-8").splitlines()
    assert [json.loads(line) for line in lines] == [records[1], records[2]]  # the input's own records, in order
    (group,) = [json.loads(line) for line in groups.read_text(encoding="utf-8").splitlines()]
    assert group["canonical_id"] == "afp-1"
    assert [(m["id"], m["similarity"]) for m in group["members"]] == [
        ("afp-1", 1.0), ("afp-2", pytest.approx(reference_jaccard(DISPATCH, CORRECTED))), ("site-copy", 1.0)]
    assert set(group) == {"group_id", "canonical_id", "members"}
    assert "4 read · 2 kept · 2 dropped (1 exact copies, 1 near duplicates) in 1 groups" in result.err


def test_dedup_command_uses_article_ids_without_input_ids(tmp_path):
    folder = tmp_path / "wire"
    folder.mkdir()
    (folder / "a.txt").write_text(DISPATCH, encoding="utf-8")
    (folder / "b.txt").write_text(DISPATCH, encoding="utf-8")
    (folder / "c.txt").write_text(UNRELATED, encoding="utf-8")
    kept, groups = tmp_path / "kept.jsonl", tmp_path / "groups.jsonl"
    assert cli("dedup", folder, "-o", kept, "--groups", groups, "--quiet").code == 0
    id_a = ids.article_id(f"file:{(folder / 'a.txt').resolve()}")
    id_b = ids.article_id(f"file:{(folder / 'b.txt').resolve()}")
    (group,) = [json.loads(line) for line in groups.read_text(encoding="utf-8").splitlines()]
    assert {m["id"] for m in group["members"]} == {id_a, id_b}
    out = [json.loads(line) for line in kept.read_text(encoding="utf-8").splitlines()]
    assert len(out) == 2 and group["canonical_id"] in {r["id"] for r in out}
    assert {r["text"] for r in out} == {DISPATCH, UNRELATED}


def test_dedup_command_keeps_texts_it_cannot_compare_and_reports_rejects(tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": "a", "text": DISPATCH}) + "\n{not json\n" + json.dumps({"id": "b", "text": "(AFP)"})
                   + "\n", encoding="utf-8")
    kept = tmp_path / "kept.jsonl"
    result = cli("dedup", src, "-o", kept)
    assert result.code == 0, result.output
    assert [json.loads(line)["id"] for line in kept.read_text(encoding="utf-8").splitlines()] == ["a", "b"]
    assert "1 rejected" in result.err and "malformed JSON" in result.err


def test_dedup_command_rejects_a_bad_threshold(tmp_path):
    result = cli("dedup", tmp_path, "-o", tmp_path / "k.jsonl", "--threshold", "1.5")
    assert result.code == 2 and "threshold" in result.err


def test_worker_processes_give_the_same_result(tmp_path):
    docs = corpus(n_stories=200, seed=5)
    src = write_jsonl(tmp_path / "in.jsonl", [{"id": i, "published": w.isoformat(), "text": t} for i, t, w in docs])
    outputs = []
    for jobs in (1, 2):
        kept, groups = tmp_path / f"kept{jobs}.jsonl", tmp_path / f"groups{jobs}.jsonl"
        dedup_cli.CHUNK, saved = 50, dedup_cli.CHUNK
        try:
            summary = dedup_cli.run([str(src)], str(kept), str(groups), jobs=jobs)
        finally:
            dedup_cli.CHUNK = saved
        assert summary.read == len(docs)
        outputs.append((kept.read_bytes(), groups.read_bytes()))
    assert outputs[0] == outputs[1]


def test_lines_read_again_when_too_many_to_keep_give_the_same_output(tmp_path, monkeypatch):
    """The JSONL lines are kept in memory for the second pass and the output while they fit in CACHED_BYTES;
    beyond, they are read again from the file. Either way, the same files."""
    docs = corpus(n_stories=60, seed=8)
    src = write_jsonl(tmp_path / "in.jsonl", [{"id": i, "published": w.isoformat(), "text": t} for i, t, w in docs])
    outputs = []
    for budget in (dedup_cli.CACHED_BYTES, 0, src.stat().st_size // 3):  # all kept, none, the first third
        monkeypatch.setattr(dedup_cli, "CACHED_BYTES", budget)
        kept, groups = tmp_path / f"kept{budget}.jsonl", tmp_path / f"groups{budget}.jsonl"
        summary = dedup_cli.run([str(src)], str(kept), str(groups), jobs=1)
        assert summary.groups > 10
        outputs.append((kept.read_bytes(), groups.read_bytes()))
    assert outputs[0] == outputs[1] == outputs[2]


def test_reuters_exact_copies_are_all_folded(tmp_path):
    if not REUTERS.exists():
        pytest.skip(f"real data absent: {REUTERS}")
    kept, groups = tmp_path / "kept.jsonl", tmp_path / "groups.jsonl"
    dedup_cli.run([str(REUTERS)], str(kept), str(groups))
    by_text = defaultdict(list)
    for line in REUTERS.open(encoding="utf-8"):
        record = json.loads(line)
        by_text[record["text"].strip()].append(record["id"])
    copies = [g for g in by_text.values() if len(g) > 1]
    assert len(copies) > 200
    group_of = {}
    for line in groups.open(encoding="utf-8"):
        group = json.loads(line)
        for member in group["members"]:
            group_of[member["id"]] = group["group_id"]
    kept_ids = {json.loads(line)["id"] for line in kept.open(encoding="utf-8")}
    for copy in copies:
        assert len({group_of.get(i) for i in copy}) == 1 and group_of.get(copy[0]) is not None, copy
        assert sum(i in kept_ids for i in copy) <= 1, copy
    assert len(kept_ids) + sum(len(json.loads(line)["members"]) - 1 for line in groups.open()) == 19043


def test_dedup_command_says_when_it_cannot_write(tmp_path):
    src = write_jsonl(tmp_path / "in.jsonl", [{"id": "a", "text": DISPATCH}])
    result = cli("dedup", src, "-o", tmp_path / "missing" / "kept.jsonl")
    assert result.code == 2 and "--output" in result.err and "Traceback" not in result.output


def test_texts_signed_elsewhere_group_as_texts_added_here():
    docs = corpus(seed=11)
    reference = groups_of(docs)
    engine = Deduplicator(0.8)
    for begin in range(0, len(docs), 7):  # chunks holding copies of texts in them and in earlier ones
        part = docs[begin:begin + 7]
        batch = engine.shingler.batch([text for _, text, _ in part])
        signatures = engine.hasher.signatures(batch.hashes, batch.offsets)
        digests = [text_digest(text) for _, text, _ in part]
        engine.add_signed([i for i, _, _ in part], digests, [w for _, _, w in part], batch, signatures)
    assert [g.as_dict() for g in engine.groups()] == reference


def sketched_groups(docs, engine: Deduplicator, verify) -> list[dict]:
    """Groups of texts sketched by `reprise dedup`'s workers and verified by `verify(unit) -> clean_chunk result`."""
    params = (engine.lsh.bands, engine.lsh.rows)
    for begin in range(0, len(docs), 5):
        part = docs[begin:begin + 5]
        found, signatures, keys = dedup_cli.sketch_chunk([("text", text, "") for _, text, _ in part],
                                                         lsh_params=params)
        assert keys.shape == (len(signatures), engine.lsh.bands)
        engine.add_signed([i for i, _, _ in part], [digest for _, _, digest in found], None, None, signatures, keys,
                          whens=[when_key(w) for _, _, w in part])
    edges, same = dedup_cli._verified(engine, verify, map, functools.partial(dedup_cli.clean_chunk, ngram=5))
    return [g.as_dict() for g in engine.groups(edges, same)]


def test_texts_sketched_elsewhere_and_verified_on_their_clean_texts_group_the_same():
    docs = corpus(seed=12)
    engine = Deduplicator(0.8, margin=dedup_cli.INPUT_MARGIN)
    texts = [text for _, text, _ in docs]
    assert sketched_groups(docs, engine, lambda index: ("text", texts[index], "")) == groups_of(docs)


def test_a_copy_that_differs_only_by_page_chrome_is_an_exact_copy(tmp_path):
    chrome = "Partager\nPublié le 12 mars 2024 à 10h31\n" + DISPATCH + "\n\nAbonnez-vous à notre newsletter\n(AFP)"
    records = [{"id": "wire", "published": "2024-03-12T09:00:00Z", "text": DISPATCH},
               {"id": "site", "published": "2024-03-12T10:00:00Z", "text": chrome},
               {"id": "fix", "published": "2024-03-12T11:00:00Z", "text": CORRECTED + "\nPartager"}]
    src = write_jsonl(tmp_path / "in.jsonl", records)
    kept, groups = tmp_path / "kept.jsonl", tmp_path / "groups.jsonl"
    result = cli("dedup", src, "-o", kept, "--groups", groups)
    assert result.code == 0, result.output
    (group,) = [json.loads(line) for line in groups.read_text(encoding="utf-8").splitlines()]
    members = {m["id"]: m for m in group["members"]}
    assert members["site"]["similarity"] == 1.0 and members["site"]["reason"] == "exact copy of wire"
    assert members["fix"]["similarity"] == pytest.approx(reference_jaccard(DISPATCH, CORRECTED))
    assert [json.loads(line)["id"] for line in kept.read_text(encoding="utf-8").splitlines()] == ["wire"]


def test_texts_with_nothing_left_once_clean_are_kept_and_not_grouped(tmp_path):
    chrome = "Partager\nCommentaires (12)\nAbonnez-vous à notre newsletter"
    src = write_jsonl(tmp_path / "in.jsonl", [{"id": "a", "text": chrome}, {"id": "b", "text": chrome + "\nPartager"},
                                              {"id": "c", "text": DISPATCH}])
    kept, groups = tmp_path / "kept.jsonl", tmp_path / "groups.jsonl"
    assert cli("dedup", src, "-o", kept, "--groups", groups).code == 0
    assert groups.read_text(encoding="utf-8") == ""
    assert [json.loads(line)["id"] for line in kept.read_text(encoding="utf-8").splitlines()] == ["a", "b", "c"]


def test_reuters_dedup_finds_the_pairs_of_the_clean_texts():
    """The sketches are made of the texts as read; the pairs they find, verified on the clean texts, are the pairs
    that sketching the clean texts (as the store does) finds."""
    if not REUTERS.exists():
        pytest.skip(f"real data absent: {REUTERS}")
    from reprise.clean import clean
    from reprise.text import normalise

    records = [json.loads(line) for line in REUTERS.open(encoding="utf-8")]
    docs = [(r["id"], r["text"], None) for r in records]
    on_clean = Deduplicator(0.8)
    for ident, text, _ in docs:
        on_clean.add(ident, clean(normalise(text), "", None).text)
    expected = [g.as_dict() for g in on_clean.groups()]
    assert sum(len(g["members"]) - 1 for g in expected) > 450
    engine = Deduplicator(0.8, margin=dedup_cli.INPUT_MARGIN)
    assert sketched_groups(docs, engine, lambda index: ("text", docs[index][1], "")) == expected


def test_jsonl_lines_are_read_by_the_workers_as_the_reader_reads_them(tmp_path):
    from reprise.ingest.jsonl import read_jsonl, read_lines
    from reprise.model import Reject

    path = tmp_path / "in.jsonl"
    path.write_bytes(b'{"id": "a", "text": "One.", "date": "2020-01-02"}\n\n{"text": 3}\nnot json\n'
                     b'{"url": "https://example.org/x", "text": "Two."}\n')
    entries = [found if isinstance(found, Reject) else ("line", path, found[0], found[1], None)
               for found in read_lines(path)]
    found, *_ = dedup_cli.sketch_chunk(entries)
    items = list(read_jsonl(path, None))
    assert [type(f) for f in found] == [type(i) if isinstance(i, Reject) else tuple for i in items]
    assert [f.reason for f in found if isinstance(f, Reject)] == [i.reason for i in items if isinstance(i, Reject)]
    records = [i for i in items if not isinstance(i, Reject)]
    assert [f[0] for f in found if not isinstance(f, Reject)] == [i.own_id or article_id(i.key) for i in records]
    assert [f[1] for f in found if not isinstance(f, Reject)] == [when_key(i.published) for i in records]
