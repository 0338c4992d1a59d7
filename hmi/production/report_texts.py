"""The lot report's words in the reader's language, handed to the Qt-free core as plain data.

The report is written with fixed English texts; a screen (screens/lot_report_texts.py) hands in their
translations (``words``: English text -> the reader's), and a ``counts`` function for the texts that
name a number ("%n part(s)"), so that plurals follow the language's rules ("1 part", "2 parts", "부품 2개").
A text missing from ``words`` stays English. With no texts at all (a CLI, a test) the report is English.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any


def english_count(text: str, n: int) -> str:
    """"%n part(s)" as English: "1 part", "2 parts" (the one plural rule the core knows)."""
    return text.replace("(s)", "" if n == 1 else "s").replace("%n", str(n))


@dataclass(frozen=True, slots=True)
class ReportTexts:
    language: str = "en"                                    # "en" or "ko": picks name or name_ko of records
    words: Mapping[str, str] = field(default_factory=dict)  # English text (with {names}) -> the reader's language
    counts: Callable[[str, int], str] = english_count       # "%n part(s)", n -> the reader's language
    rules: Mapping[str, str] = field(default_factory=dict)  # SPC rule code -> its name and pattern, translated

    def __call__(self, text: str, **values: Any) -> str:
        """The text in the reader's language, its {names} filled in after translating; a translation
        whose {names} do not fit gives the English text, never a report that fails."""
        translated = self.words.get(text) or text
        if not values:
            return translated
        try:
            return translated.format(**values)
        except (KeyError, IndexError, ValueError):
            return text.format(**values)

    def count(self, text: str, n: int) -> str:
        return self.counts(text, n)

    def pick(self, english: str, korean: str | None) -> str:
        """A record's own name in the reader's language (master data holds both): English when Korean is missing."""
        return korean if self.language == "ko" and korean else english


ENGLISH = ReportTexts()
