"""Korean texts show no "이(가)/을(를)" particles after a variable.

Such a pair reads as a form, not a sentence: the Korean is written so that no particle follows a
value, or (refusals, whose values are filled in by screens.refusal_text) the particle is chosen in code
from the value's last syllable.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from screens.korean_particles import resolve_particles

TS = Path(__file__).resolve().parents[2] / "resources" / "translations" / "station_ko.ts"
_PAIRED = re.compile(r"\((?:가|를|는|과|으로|이)\)")


def test_no_paired_particles_in_the_shells_korean() -> None:
    root = ET.parse(TS).getroot()
    found = []
    for context in root.iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            source = message.findtext("source") or ""
            translation = message.find("translation")
            texts = [translation.text or ""] if translation is not None else []
            texts += [form.text or "" for form in (translation.iter("numerusform") if translation is not None else [])]
            if name != "Refusal" and any(_PAIRED.search(t) for t in texts):   # refusals: resolve_particles
                found.append(f"{name}: {source!r} -> {texts}")
    assert not found, "\n".join(found)


@pytest.mark.parametrize(("text", "expected"), [
    ("사용자 '1001'이(가) 없습니다", "사용자 '1001'이 없습니다"),          # 일: final ㄹ
    ("사용자 '1002'이(가) 없습니다", "사용자 '1002'가 없습니다"),          # 이: no final
    ("로트 L-0003을(를) 시작", "로트 L-0003을 시작"),                      # 삼
    ("로트 L-0005을(를) 시작", "로트 L-0005를 시작"),                      # 오
    ("불량 코드 'FILM'은(는) 모릅니다", "불량 코드 'FILM'은 모릅니다"),    # 엠
    ("불량 코드 'DENT'은(는) 모릅니다", "불량 코드 'DENT'는 모릅니다"),    # 티
    ("정류기이(가) 멈춤", "정류기가 멈춤"),
    ("욕조이(가) 멈춤, 라인과(와) 정류기", "욕조가 멈춤, 라인과 정류기"),
    ("1번 욕조(으)로 이동", "1번 욕조로 이동"),
    ("라인 7(으)로 이동", "라인 7로 이동"),                                 # 칠: ㄹ takes 로
    ("라인 6(으)로 이동", "라인 6으로 이동"),                               # 육
    ("(가) 없는 문장", "(가) 없는 문장"),                                   # not a pair after a word
])
def test_the_particle_follows_the_last_syllable_of_the_word_before_it(text: str, expected: str) -> None:
    assert resolve_particles(text) == expected


def test_a_korean_refusal_reads_without_paired_particles(qapp: object) -> None:
    from PySide6.QtCore import QCoreApplication

    from hmi.auth.users import UserError
    from screens.i18n import LanguageManager
    from screens.refusal_text import refusal_text

    languages = LanguageManager()
    languages.set_language("ko")
    try:
        text = refusal_text(UserError("no user named {username!r}", username="1005"))
    finally:
        languages.set_language("en")
    assert QCoreApplication.instance() is not None
    assert text == "사용자 '1005'가 없습니다", text
