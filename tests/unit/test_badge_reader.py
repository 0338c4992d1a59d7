"""A badge reader types a burst and Enter; a person types slowly."""

from hmi.auth.badge_reader import BadgeBurstDetector


def test_a_fast_burst_is_a_scan() -> None:
    detector = BadgeBurstDetector()
    for i, char in enumerate("BADGE-1001"):
        detector.feed(char, 10.0 + i * 0.01)
    assert detector.enter(10.0 + 10 * 0.01) == "BADGE-1001"


def test_slow_typing_is_not_a_scan() -> None:
    detector = BadgeBurstDetector()
    for i, char in enumerate("1001"):
        detector.feed(char, 10.0 + i * 0.3)
    assert detector.enter(11.5) is None


def test_a_pause_before_enter_is_not_a_scan() -> None:
    detector = BadgeBurstDetector()
    for i, char in enumerate("BADGE-1001"):
        detector.feed(char, 10.0 + i * 0.01)
    assert detector.enter(12.0) is None
