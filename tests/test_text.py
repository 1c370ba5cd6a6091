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


# --- The fast paths of `normalise` and `unwrap` give what the plain way gives -----------------------------------

def _plain_normalise(text: str) -> str:
    """`normalise` the plain way: every step on every text (as it was written before its fast paths)."""
    import re
    import unicodedata

    from reprise import text as module

    if not text:
        return ""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n\n")
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    text = module._INVISIBLE.sub("", text)
    text = _plain_unwrap(text)
    text = module._SPACES.sub(" ", text)
    text = "\n".join(line.strip() for line in text.split("\n"))
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def _plain_unwrap(text: str) -> str:
    from reprise.text import WRAP_FULL, WRAP_MAX_WIDTH

    lines = text.split("\n")
    if len(lines) < 4 or max(map(len, lines)) > WRAP_MAX_WIDTH + 40:
        return text
    widths = [len(line.rstrip()) for line in lines if line.strip()]
    if len(widths) < 4:
        return text
    width = max(widths)
    if width > WRAP_MAX_WIDTH:
        return text
    full = width * WRAP_FULL
    if sum(w >= full for w in widths) < 0.5 * len(widths):
        return text
    out: list[str] = []
    joining = False
    for line in lines:
        stripped = line.strip()
        if not stripped:
            out.append("")
            joining = False
            continue
        indented = line[:1].isspace()
        continues = stripped[0].islower() and out and out[-1] and not out[-1].endswith((".", "!", "?", ":"))
        if (joining or continues) and not indented:
            out[-1] = out[-1] + " " + stripped
        else:
            out.append(stripped)
        joining = len(line.rstrip()) >= full
    return "\n".join(out)


def test_fast_paths_give_what_the_plain_way_gives():
    import random

    rng = random.Random(7)
    pieces = ["word", "Mot", "été", "dit.", "a:", "x!", "(AFP)", "1,5", "ﬁn", "e\u0301", "İ", "Σ", "\u00ad", "\u200b",
              "\x07", "\x1c", "\x7f", " ", "  ", "\t", "\x0b", "\x0c", "\u00a0", "\u2009", "\u3000", "\u0085", "\n",
              "\n\n", "\n\n\n", "\r\n", "\r", "\u2028", "\u2029", "\n    ", " \n", "\ufeff"]
    texts = []
    for _ in range(3000):
        texts.append("".join(rng.choice(pieces) for _ in range(rng.randint(0, 40))))
    for _ in range(500):  # hard-wrapped, indented, with ragged, blank and space-only lines
        lines = []
        for _ in range(rng.randint(3, 12)):
            words = " ".join(rng.choice(["the", "bank", "said", "It", "rate.", "de", "Été:", "7.75", "pct"])
                             for _ in range(rng.randint(0, 14)))
            lines.append(rng.choice(["", "    ", " ", "\t"]) + words + rng.choice(["", " ", "  "]))
        texts.append("\n".join(lines))
    for c in [chr(i) for i in range(0x80) if not chr(i).isalnum()] + ["\u0085", "\u00a0", "\u2009", "\u2028", "\u00ad"]:
        texts += [f"a{c}b", f"{c}a", f"a{c}", f"a{c}{c}b", f"a\n{c}b", f"a{c}\nb", f"a {c}b"]
    for text in texts:
        assert unwrap(text) == _plain_unwrap(text), repr(text)
        assert normalise(text) == _plain_normalise(text), repr(text)
        if text.isascii():  # and the general path, for the same text with one character beyond ASCII
            assert normalise(text + "é") == _plain_normalise(text + "é"), repr(text)
