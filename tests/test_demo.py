"""`make demo DATA=PATH`: runs the pipeline on the files, shows the reuse it finds, says where to look."""

import json

from reprise import demo

WIRE = (
    "Le Conseil fédéral a adopté mercredi un message sur la réforme de la prévoyance vieillesse, "
    "qui prévoit de relever l'âge de la retraite des femmes à 65 ans et de renforcer le financement "
    "de l'AVS par un demi-point de TVA supplémentaire, a indiqué le gouvernement à Berne."
)


def test_demo_on_files(tmp_path, capsys):
    data = tmp_path / "news.jsonl"
    rows = [
        {"id": "a", "outlet": "Le Matin", "published": "2024-03-06T08:00:00+01:00", "title": "Retraites",
         "text": WIRE + "\n\nLa gauche a aussitôt annoncé un référendum. (ats)"},
        {"id": "b", "outlet": "La Liberté", "published": "2024-03-06T09:30:00+01:00", "title": "AVS : le projet",
         "text": "Berne. " + WIRE.replace("mercredi", "ce mercredi") + "\n\nLes syndicats dénoncent un démantèlement."},
    ]
    data.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    db = tmp_path / "out" / "demo.db"
    assert demo.main(["--data", str(data), "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert "2 read · 2 new · 0 already stored · 0 rejected" in out
    assert "reuse: 1 pairs of articles share passages" in out
    assert "Where to look:" in out and "reprise reuse " in out and "reprise show " in out
    reuse = [json.loads(line) for line in (db.parent / "reuse.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(reuse) == 1 and reuse[0]["direction"] == "source_first"
    # a second run adds nothing
    assert demo.main(["--data", str(data), "--db", str(db)]) == 0
    assert "2 read · 0 new · 2 already stored" in capsys.readouterr().out


def test_demo_refuses_a_missing_path(tmp_path, capsys):
    assert demo.main(["--data", str(tmp_path / "nothing-here"), "--db", str(tmp_path / "d.db")]) == 2
    assert "does not exist" in capsys.readouterr().err
