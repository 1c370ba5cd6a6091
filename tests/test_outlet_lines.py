"""Lines an outlet repeats: learned in arrival order, from both an absolute and a relative count."""

from reprise import outlet_lines
from reprise.clean import clean
from reprise.outlet_lines import OutletLines


def _article(n: int) -> str:
    return (
        f"Le conseil municipal a voté le budget numéro {n} après un long débat.\n"
        "Suivez toute l'actualité de votre région\n"
        f"Le maire a salué un vote historique pour la commune, le {n} du mois."
    )


def test_a_line_repeated_by_an_outlet_is_cut_once_learned():
    memory = OutletLines(lambda outlet: {})
    cuts = []
    for n in range(8):
        result = clean(_article(n), "La Gazette", memory)
        memory.learn("La Gazette", result.outlet_keys)
        cuts.append([r.rule for r in result.removed])
    assert cuts[: outlet_lines.MIN_ARTICLES] == [[]] * outlet_lines.MIN_ARTICLES
    assert all(c == ["outlet-repeat"] for c in cuts[outlet_lines.MIN_ARTICLES:])
    # another outlet has learned nothing
    assert clean(_article(99), "Autre Journal", memory).removed == []


def test_learning_is_per_outlet_and_resumes_from_stored_counts():
    first = OutletLines(lambda outlet: {})
    for n in range(6):
        first.learn("La Gazette", clean(_article(n), "La Gazette", first).outlet_keys)
    stored = {}
    for (outlet, key), count in first.pending.items():
        stored.setdefault(outlet, {})[key] = count
    resumed = OutletLines(lambda outlet: dict(stored.get(outlet, {})))
    assert [r.rule for r in clean(_article(7), "La Gazette", resumed).removed] == ["outlet-repeat"]


def test_rare_repeats_in_a_large_archive_are_kept():
    memory = OutletLines(lambda outlet: {})
    filler = [f"Dépêche {n} sur un sujet sans rapport, avec assez de mots pour une ligne." for n in range(400)]
    for n, text in enumerate(filler):
        lines = [text] + (["Les termes n'ont pas été divulgués."] if n % 80 == 0 else [])
        memory.learn("Agence", clean("\n".join(lines), "Agence", memory).outlet_keys)
    # 5 of 400 articles carried it: enough in number, but under the 2 % share, so it stays
    result = clean("Un rachat est annoncé.\nLes termes n'ont pas été divulgués.", "Agence", memory)
    assert result.removed == []


def test_datelines_are_never_cut_as_repeats():
    memory = OutletLines(lambda outlet: {})
    for n in range(10):
        memory.learn("W", clean(f"10 janvier 2016. –\nTexte {n} de la dépêche du jour.", "W", memory).outlet_keys)
    assert clean("10 janvier 2016. –\nNouveau texte.", "W", memory).text.startswith("10 janvier 2016.")
