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


def test_a_user_id_typed_fast_is_not_a_scan() -> None:
    """A quick typist (or a key-repeat burst) entering a 4-digit ID and Enter is a person, not a reader."""
    detector = BadgeBurstDetector()
    for i, char in enumerate("1001"):
        detector.feed(char, 10.0 + i * 0.005)
    assert detector.enter(10.0 + 4 * 0.005) is None


def test_a_code_without_the_configured_prefix_is_not_a_scan() -> None:
    detector = BadgeBurstDetector(prefix="BADGE-")
    for i, char in enumerate("12345678"):
        detector.feed(char, 10.0 + i * 0.005)
    assert detector.enter(10.05) is None
    for i, char in enumerate("BADGE-2001"):
        detector.feed(char, 20.0 + i * 0.005)
    assert detector.enter(20.06) == "BADGE-2001"
