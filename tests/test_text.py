"""Normalisation: Unicode, spaces, paragraphs, and hard-wrapped wire copy."""

from reprise.text import line_spans, normalise, unwrap


def test_nfc_spaces_and_invisible_characters():
    decomposed = "Le de\u0301pute\u0301 a\u00a0dit\u202f: «\u00a0oui\u00a0»\u200b  et\tnon"
    assert normalise(decomposed) == "Le député a dit : « oui » et non"


def test_paragraphs_kept_and_blank_runs_collapsed():
    text = "Titre\r\n\r\n\r\n\r\nPremier paragraphe.  \n   Deuxième ligne.\n\n\nFin."
    assert normalise(text) == "Titre\n\nPremier paragraphe.\nDeuxième ligne.\n\nFin."


def test_hard_wrapped_wire_copy_is_joined_into_paragraphs():
    wrapped = (
        "The Bank of France said on Tuesday that it would keep its\n"
        "intervention rate unchanged at 7.75 pct, and added that money\n"
        "market conditions did not call for a change.\n"
        "    Dealers had expected the move after the weekly meeting of\n"
        "the bank's council, which ended late on Monday evening in Paris.\n"
    )
    assert normalise(wrapped) == (
        "The Bank of France said on Tuesday that it would keep its intervention rate unchanged at 7.75 pct, "
        "and added that money market conditions did not call for a change.\n"
        "Dealers had expected the move after the weekly meeting of the bank's council, "
        "which ended late on Monday evening in Paris."
    )


def test_text_with_long_lines_is_not_unwrapped():
    text = "Une ligne courte.\n" + "Un long paragraphe " * 10 + "\nUne autre.\nEt une dernière.\n"
    assert unwrap(text) == text


def test_line_spans_skip_empty_lines():
    text = "ab\n\ncd\ne"
    assert [text[b:e] for b, e in line_spans(text)] == ["ab", "cd", "e"]
