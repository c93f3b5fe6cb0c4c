"""An event lists each actor and place once, whichever rules named it (pure logic)."""

from __future__ import annotations

from loaders.claims import EventClaim
from loaders.extract.pipeline import without_repeats


def test_roles_named_twice_are_listed_once_in_order() -> None:
    quote = "written for this test"
    e = EventClaim(
        quote=quote,
        start=0,
        end=len(quote),
        according_to="sohr",
        rule="test",
        confidence=0.5,
        event_type="offensive",
        attackers=["syrian-regime"],
        targets=["islamic-state", "hts", "islamic-state"],
        places=["yarmouk-camp", "al-hajar-al-aswad", "yarmouk-camp"],
    )
    once = without_repeats(e)
    assert once.targets == ["islamic-state", "hts"]
    assert once.places == ["yarmouk-camp", "al-hajar-al-aswad"]
    assert once.attackers == ["syrian-regime"]
    assert without_repeats(once) is once
