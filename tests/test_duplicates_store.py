"""Near duplicates in `reprise run`: matched as articles arrive, stored, grouped by publication order."""


from conftest import export, run_ok, write_jsonl

DISPATCH = (
    "Le Conseil fédéral a adopté mercredi un message sur la réforme de la prévoyance vieillesse. "
    "Il prévoit de relever l'âge de la retraite des femmes à 65 ans et de renforcer le financement "
    "de l'AVS par un demi-point de TVA supplémentaire. Les partis de gauche ont annoncé un référendum "
    "contre le projet, que les organisations patronales jugent au contraire trop timide. Le Parlement "
    "doit examiner le message lors de sa session d'été, a précisé le gouvernement dans un communiqué."
)
CORRECTED = DISPATCH.replace("session d'été", "session d'automne")
OTHER = (
    "La ville de Lausanne a inauguré jeudi une nouvelle ligne de bus électrique entre la gare et le "
    "quartier de la Blécherette, avec une cadence de dix minutes aux heures de pointe et des véhicules "
    "entièrement recyclables, selon la municipalité qui espère doubler la fréquentation d'ici trois ans."
)


def rows():
    return [
        {"url": "https://a.example/1", "outlet": "A", "published": "2024-03-06T10:00:00+01:00", "title": "AVS", "text": DISPATCH},
        {"url": "https://b.example/1", "outlet": "B", "published": "2024-03-06T09:00:00+01:00", "title": "AVS",
         "text": CORRECTED},
        {"url": "https://c.example/1", "outlet": "C", "published": "2024-03-06T11:00:00+01:00", "title": "Bus",
         "text": OTHER},
        {"url": "https://d.example/1", "outlet": "D", "published": "2024-03-06T12:00:00+01:00", "title": "AVS", "text": DISPATCH},
    ]


def duplicate_of(db) -> dict[str, str | None]:
    return {a["url"]: a["duplicate_of"] for a in export("articles", db)}


def by_url(db) -> dict[str, str]:
    return {a["url"]: a["id"] for a in export("articles", db)}


def test_copies_point_at_the_earliest_published_member(tmp_path):
    db = tmp_path / "t.db"
    run_ok(write_jsonl(tmp_path / "in.jsonl", rows()), "--db", db)
    ids = by_url(db)
    canonical = ids["https://b.example/1"]  # the corrected version came out first
    assert duplicate_of(db) == {"https://a.example/1": canonical, "https://b.example/1": None,
                                "https://c.example/1": None, "https://d.example/1": canonical}
    [group] = export("duplicates", db)
    assert group["canonical_id"] == canonical
    members = {m["id"]: m["similarity"] for m in group["members"]}
    assert members[canonical] == 1.0
    assert 0.8 <= members[ids["https://a.example/1"]] < 1.0
    assert members[ids["https://a.example/1"]] == members[ids["https://d.example/1"]]


def test_arrival_order_and_increments_change_nothing(tmp_path):
    one = tmp_path / "one.db"
    run_ok(write_jsonl(tmp_path / "all.jsonl", rows()), "--db", one)
    # the same articles in two runs, the earliest one last: the group is re-pointed at it
    two = tmp_path / "two.db"
    first, second = rows()[:1] + rows()[2:], rows()[1:2]
    run_ok(write_jsonl(tmp_path / "first.jsonl", first), "--db", two)
    assert set(duplicate_of(two).values()) == {None, by_url(two)["https://a.example/1"]}
    run_ok(write_jsonl(tmp_path / "second.jsonl", second), "--db", two)
    assert duplicate_of(two) == duplicate_of(one)
    assert export("duplicates", two) == export("duplicates", one)
    # and running again adds nothing
    run_ok(tmp_path / "first.jsonl", tmp_path / "second.jsonl", "--db", two)
    assert export("duplicates", two) == export("duplicates", one)


def test_unrelated_articles_are_no_duplicates(tmp_path):
    db = tmp_path / "t.db"
    run_ok(write_jsonl(tmp_path / "in.jsonl", rows()[2:3]), "--db", db)
    assert export("duplicates", db) == []
