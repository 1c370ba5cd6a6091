"""Agency credits: parsed into tokens and cut, never confused with an agency named in a sentence."""

from reprise.clean import clean
from reprise.credits import credit_line, dateline_credit, trailing_credit


def test_credit_lines():
    assert credit_line("(nxp/ats/afp)") == ["nxp", "ats", "afp"]
    assert credit_line("agences/boi") == ["agences", "boi"]
    assert credit_line("— Reuters") == ["reuters"]
    assert credit_line("(AFP)") == ["afp"]
    assert credit_line("Reuter") == ["reuters"]
    assert credit_line("Paris") is None
    assert credit_line("Le président") is None


def test_inline_credits():
    line = "«Il faut agir», a déclaré le ministre. (ats/afp)"
    begin, tokens = trailing_credit(line)
    assert tokens == ["ats", "afp"] and line[begin:] == " (ats/afp)"
    begin, end, tokens = dateline_credit("MOSCOU (AFP) - La Russie a ordonné mardi")
    assert tokens == ["afp"] and "MOSCOU (AFP) - La"[begin:end].strip() == "(AFP)"


def test_an_agency_named_in_a_sentence_stays():
    text = "Les Tu-22 ont frappé Raqqa, selon l'Agence France-Presse (AFP)"
    assert trailing_credit(text) is None
    assert clean(text).text == text


def test_clean_keeps_credits_on_the_article():
    result = clean("BERNE (ATS) - Le Conseil fédéral a décidé.\nIl a ajouté une précision. (nxp/ats/afp)")
    assert result.credits == ["ats", "nxp", "afp"]
    assert result.text == "BERNE - Le Conseil fédéral a décidé.\nIl a ajouté une précision."
    assert {r.rule for r in result.removed} == {"credit"}
