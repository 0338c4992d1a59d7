"""Korean particles chosen from the word before them, instead of "이(가)" or "을(를)" shown to people.

A translation whose noun is a value filled in at run time (a lot number, a user ID) writes the pair,
as "{lot_no}을(를)"; ``resolve_particles`` then keeps the form that the word's last sound takes: 을 after a
final consonant, 를 after a vowel. Digits and Latin letters are read as a Korean reader says them.
"""

from __future__ import annotations

import re

# (form after a final consonant, form after a vowel) as the pair is written in a translation
_PAIRS = {"이(가)": ("이", "가"), "은(는)": ("은", "는"), "을(를)": ("을", "를"), "과(와)": ("과", "와"),
          "아(야)": ("아", "야"), "(으)로": ("으로", "로"), "(이)라": ("이라", "라")}
_PAIR = re.compile("|".join(re.escape(p) for p in _PAIRS))
# Whether the spoken name ends in a consonant (영 일 이 삼 사 오 육 칠 팔 구; 엘 엠 엔 알 ...)
_DIGIT_FINAL = {"0": True, "1": True, "2": False, "3": True, "4": False, "5": False, "6": True, "7": True,
                "8": True, "9": False}
_LATIN_FINAL = set("lmnr")
_SILENT = " '\"’”)]}»›"   # closing quotes and brackets: the word before them decides


def _ends_in_consonant(text: str) -> tuple[bool, bool] | None:
    """(has a final consonant, that final is ㄹ) of the last sounded character of ``text``; None if unknown."""
    for char in reversed(text):
        if char in _SILENT:
            continue
        if "가" <= char <= "힣":
            final = (ord(char) - ord("가")) % 28
            return final != 0, final == 8
        if char.isdigit() and char in _DIGIT_FINAL:
            return _DIGIT_FINAL[char], char in "178"
        if char.isascii() and char.isalpha():
            lower = char.lower()
            return lower in _LATIN_FINAL, lower in "lr"
        return None
    return None


def resolve_particles(text: str) -> str:
    """``text`` with every "이(가)"-style pair replaced by the form its preceding word takes."""

    def choose(match: re.Match[str]) -> str:
        after_consonant, after_vowel = _PAIRS[match[0]]
        sound = _ends_in_consonant(text[:match.start()])
        if sound is None:
            return after_consonant
        consonant, rieul = sound
        if match[0] == "(으)로" and rieul:   # ㄹ takes 로, as a vowel does
            return after_vowel
        return after_consonant if consonant else after_vowel

    return _PAIR.sub(choose, text)
