"""An alarm's consequence and corrective action read in Korean too (station.toml `*_ko` keys)."""

from __future__ import annotations

import re

from tests.conftest import station_config

HANGUL = re.compile(r"[\uac00-\ud7a3]")


def test_every_demo_alarm_says_its_consequence_and_what_to_do_in_korean() -> None:
    config = station_config()
    for alarm_id, definition in config.alarms.items():
        if definition.consequence:
            assert HANGUL.search(definition.consequence_text("ko")), alarm_id
            assert definition.consequence_text("en") == definition.consequence
        if definition.corrective_action:
            assert HANGUL.search(definition.corrective_action_text("ko")), alarm_id
            assert definition.corrective_action_text("en") == definition.corrective_action


def test_without_a_korean_text_the_english_one_is_shown() -> None:
    config = station_config()
    definition = next(d for d in config.alarms.values() if d.consequence)
    plain = definition.model_copy(update={"consequence_ko": "", "corrective_action_ko": ""})
    assert plain.consequence_text("ko") == definition.consequence
