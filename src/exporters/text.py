"""Text normalisation shared by exporters and checks.

>>> normalize("Kazakh\\u00a0 President\\n Nazarbaev")
'Kazakh President Nazarbaev'
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["normalize", "one_line", "paragraphs", "xml_safe", "html_safe", "slugify"]

_SPACE = re.compile(r"\s+")
# Format characters and the controls DEL and C1 (but NEL, U+0085, a line break): nothing a
# reader sees, so a format that leaves them out has lost nothing.
_INVISIBLE = re.compile("[\u007f-\u0084\u0086-\u009f\u00ad\u200b\u200c\u200d\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
# Characters XML 1.0 forbids: C0 controls but tab, newline, carriage return; surrogates; U+FFFE/FFFF.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def normalize(text: str) -> str:
    """NFKC, invisible format and control characters removed, whitespace collapsed: for comparing texts.

    The invisible characters go before NFKC too, so a letter and the combining mark a DEL kept
    apart compose as they do in a format that left the DEL out:

    >>> normalize("a\\u007fb\\u200bc\\u0085d")
    'abc d'
    >>> normalize("\\u03a9\\u007f\\u0300") == normalize("\\u03a9\\u0300") == "\\u1ffa"
    True
    """
    text = _INVISIBLE.sub("", unicodedata.normalize("NFKC", _INVISIBLE.sub("", text)))
    return _SPACE.sub(" ", text).strip()


def one_line(text: str) -> str:
    """``text`` on one line: each run of whitespace, line breaks included, one space; the ends trimmed.

    >>> one_line("  Caspian Port\\n   Doubles  Grain ")
    'Caspian Port Doubles Grain'
    """
    return " ".join(text.split())


def paragraphs(text: str) -> list[str]:
    """The paragraphs of a free text such as an edition's introduction: blank lines separate them.

    >>> paragraphs("This week: ports.\\n\\n  Every article keeps its notice.\\n")
    ['This week: ports.', 'Every article keeps its notice.']
    """
    return [part.strip() for part in _BLANK_LINE.split(text) if part.strip()]


_BLANK_LINE = re.compile(r"\n\s*\n")


def letters(text: str) -> str:
    """The letters and digits of ``text`` (NFKC), nothing else: for comparing what readers that
    space and punctuate differently extract (the PDF readers).

    >>> letters("(Jane Doe), 12 — می\u200cرسد.")
    'JaneDoe12میرسد'
    """
    return "".join(char for char in unicodedata.normalize("NFKC", text) if unicodedata.category(char)[0] in "LN")


def xml_safe(text: str) -> str:
    r"""``text`` without the characters XML 1.0 cannot carry (NUL, other C0 controls).

    >>> xml_safe("Nur-Sultan\x00\x1b\ufffe\n")
    'Nur-Sultan\n'
    """
    if text.isprintable():  # no control, surrogate or noncharacter: the common case, checked in C
        return text
    return _XML_ILLEGAL.sub("", text)


#: What an HTML document may not hold: :data:`_XML_ILLEGAL`'s characters, DEL and the C1 controls
#: (NEL among them) and the noncharacters (U+FDD0..U+FDEF, and the last two code points of every
#: plane, picked out by :func:`_html_drop`: one range here is many times faster than listing the 34
#: of them). One class, so the text is scanned once.
_HTML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\u007f-\u009f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff"
                           "\U0001fffe-\U0010ffff]")


def _html_drop(match: re.Match[str]) -> str:
    character = match.group()
    if character == "\u0085":
        return " "
    return character if character > "\U0001ffff" and ord(character) & 0xFFFE != 0xFFFE else ""


def html_safe(text: str) -> str:
    r"""``text`` without what an HTML document may not hold: :func:`xml_safe`'s characters, DEL,
    the C1 controls and the noncharacters. NEL (U+0085), a line break in some systems, becomes a space.

    >>> html_safe("Tab\there, delete\u007f, NEL\u0085end\x00")
    'Tab\there, delete, NEL end'
    >>> html_safe("\U0002fffe\U00020000") == "\U00020000"
    True
    """
    return _HTML_ILLEGAL.sub(_html_drop, text)


def slugify(text: str, fallback: str = "article") -> str:
    """A file-name-safe slug that keeps letters of any script.

    >>> slugify("Nazarbaev Thanks Trump!"), slugify("Қазақстан жаңалықтары")
    ('nazarbaev-thanks-trump', 'қазақстан-жаңалықтары')
    """
    text = unicodedata.normalize("NFKC", text).lower()
    slug = re.sub(r"[^\w]+", "-", text).strip("-_")
    return slug[:80].strip("-") or fallback
