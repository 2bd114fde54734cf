"""Which status entry may be voided, and what the file gets back (lifecycle.status_void):
pure, on histories written out by hand. The command around it is tested in
test_status_void.py."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from yuesong_cli.domain.lifecycle import VoidRefused, status_decision, status_void, void_blocker
from yuesong_cli.domain.statuses import StatusEntry
from yuesong_cli.errors import NotFound

D = dt.date


def history(*entries: tuple[str, dt.date] | tuple[str, dt.date, str | None]) -> list[StatusEntry]:
    """Entries numbered 1, 2, … in the order given: (status, since[, doc_no])."""
    return [
        StatusEntry(number, entry[0], entry[1], None, entry[2] if len(entry) > 2 else None)
        for number, entry in enumerate(entries, start=1)
    ]


def file_of(entries: list[StatusEntry], **registered: Any) -> dict[str, Any]:
    """The file's decision and term as recording ``entries`` one by one leaves them, on
    top of what registration gave (``registered``), stored as the store keeps them."""
    file: dict[str, Any] = dict.fromkeys(
        ("decision_doc", "decision_date", "term_start", "term_end")
    )
    file |= registered
    for at in range(1, len(entries)):
        entry = entries[at]
        brought = status_decision(
            entries[:at], entry.status, entry.since, entry.until, entry.doc_no
        )
        file |= {name: _stored(value) for name, value in brought.file.items()}
    return file


def test_the_latest_entry_may_be_voided_and_brings_nothing_back_when_it_brought_nothing() -> None:
    entries = history(("community_treatment", D(2026, 1, 10)), ("released", D(2026, 11, 20)))
    void = status_void(entries, 2, file_of(entries))
    assert void.entry == entries[1]
    assert void.file == {}


def test_the_first_entry_is_the_registrations_and_is_never_voided() -> None:
    entries = history(("community_treatment", D(2026, 1, 10)))
    with pytest.raises(VoidRefused) as refused:
        status_void(entries, 1, file_of(entries))
    assert refused.value.key == "lifecycle.void.first"
    assert refused.value.message("en").startswith("Status entry #1 is the first")


def test_an_unknown_number_is_not_found() -> None:
    entries = history(("community_treatment", D(2026, 1, 10)))
    with pytest.raises(NotFound):
        status_void(entries, 7, {})


def test_a_return_that_only_follows_the_break_blocks_voiding_the_break() -> None:
    # Back from detention: without the detention, treatment cannot follow treatment.
    entries = history(
        ("community_treatment", D(2026, 1, 10)),
        ("detained", D(2026, 5, 1)),
        ("community_treatment", D(2026, 6, 1)),
    )
    assert void_blocker(entries, entries[1]) == entries[2]
    with pytest.raises(VoidRefused) as refused:
        status_void(entries, 2, file_of(entries))
    assert refused.value.params == {"id": 3, "status": "community_treatment", "day": "2026-06-01"}
    assert refused.value.message("zh") == (
        "不能作废：其后的状态记录 #3（社区戒毒，2026-06-01）依赖于它（没有它就不能这样登记，"
        "或期限、决定书会不同）；请先作废 #3。"
    )
    assert "#3 (community treatment, 2026-06-01)" in refused.value.message("en")


def test_a_later_entry_that_stands_without_it_does_not_block() -> None:
    # A mistaken leave before a detention: treatment may be followed by detention as well.
    entries = [
        StatusEntry(1, "community_treatment", D(2026, 1, 10)),
        StatusEntry(2, "on_leave", D(2026, 11, 1), D(2026, 11, 10)),
        StatusEntry(3, "detained", D(2026, 11, 20)),
    ]
    assert void_blocker(entries, entries[1]) is None
    assert status_void(entries, 2, file_of(entries)).file == {}


def test_a_later_entry_whose_term_would_differ_blocks() -> None:
    # After compulsory isolation, rehabilitation starts a new term; without the
    # isolation it could not follow treatment at all.
    entries = history(
        ("community_treatment", D(2026, 1, 10)),
        ("compulsory_isolation", D(2026, 3, 1)),
        ("community_rehab", D(2026, 9, 1)),
    )
    assert void_blocker(entries, entries[1]) == entries[2]


def test_the_term_and_decision_go_back_to_those_the_earlier_entries_gave() -> None:
    # Registered pending; treatment began the term; a new decision (T-2) was recorded
    # by mistake after a lost contact.
    entries = history(
        ("pending_report", D(2026, 1, 5), "P-1"),
        ("community_treatment", D(2026, 1, 10)),
        ("lost_contact", D(2026, 5, 1)),
        ("community_treatment", D(2026, 6, 1), "T-2"),
    )
    file = file_of(entries, decision_doc="P-1")
    assert (file["decision_doc"], file["term_start"]) == ("T-2", "2026-06-01")
    void = status_void(entries, 4, file)
    # As if the entry had never been recorded: the file of the first three.
    never = file_of(entries[:3], decision_doc="P-1")
    assert {**file, **{k: _stored(v) for k, v in void.file.items()}} == never
    assert void.file == {
        "decision_doc": "P-1",
        "decision_date": None,
        "term_start": D(2026, 1, 10),
        "term_end": D(2029, 1, 9),
    }


def test_a_decision_goes_back_to_the_one_recorded_before() -> None:
    entries = history(
        ("community_treatment", D(2026, 1, 10)),
        ("compulsory_isolation", D(2026, 3, 1), "I-1"),
        ("community_rehab", D(2026, 9, 1), "R-1"),
        ("compulsory_isolation", D(2026, 11, 20), "I-2"),
    )
    file = file_of(entries)
    void = status_void(entries, 4, file)
    assert void.file == {"decision_doc": "R-1", "decision_date": D(2026, 9, 1)}
    assert {**file, **{k: _stored(v) for k, v in void.file.items()}} == file_of(entries[:3])


def test_what_the_history_does_not_hold_is_emptied() -> None:
    # The registration's decision date and a rehabilitation term's length are not in
    # the history; the first entry's document is (person add files --doc as both).
    entries = history(
        ("compulsory_isolation", D(2026, 1, 10), "I-1"),
        ("community_rehab", D(2026, 9, 1), "R-1"),
        ("detained", D(2026, 10, 1)),
        ("compulsory_isolation", D(2026, 11, 20), "I-2"),
    )
    file = file_of(entries, decision_doc="I-1", decision_date="2026-01-02")
    assert status_void(entries, 4, file).file == {
        "decision_doc": "R-1",
        "decision_date": D(2026, 9, 1),
    }
    entries = entries[:2]
    file = file_of(entries, decision_doc="I-1", decision_date="2026-01-02")
    assert status_void(entries, 2, file).file == {
        "decision_doc": "I-1",
        "decision_date": None,
        "term_start": None,
        "term_end": None,
    }


def test_fields_changed_by_hand_since_are_left_alone() -> None:
    entries = history(
        ("community_treatment", D(2026, 1, 10)),
        ("compulsory_isolation", D(2026, 11, 20), "I-2"),
    )
    file = file_of(entries) | {"decision_doc": "typed later"}
    assert status_void(entries, 2, file).file == {}


def test_a_later_entry_that_brings_the_pair_again_keeps_it() -> None:
    entries = history(
        ("community_treatment", D(2026, 1, 10)),
        ("on_leave", D(2026, 2, 1)),
        ("compulsory_isolation", D(2026, 3, 1), "I-1"),
        ("community_rehab", D(2026, 9, 1), "R-1"),
    )
    entries[1] = entries[1]._replace(until=D(2026, 2, 10))
    # The leave is voidable; the decision in the file is R-1's, not the leave's.
    assert status_void(entries, 2, file_of(entries)).file == {}


def _stored(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value
