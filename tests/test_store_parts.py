"""The store is one connection with its parts (persons, contacts, plans, inputs,
integrity) beside it: one transaction helper, one audit writer, and a write that spans
parts lands or vanishes as a whole."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from conftest import register_in

from yuesong_cli.store.base import StoreBase
from yuesong_cli.store.contacts import NewContact
from yuesong_cli.store.db import Store
from yuesong_cli.store.inputs import DueInputs
from yuesong_cli.store.plans import rule_from_row


def test_the_names_others_import_stay_in_store_db() -> None:
    assert DueInputs.__module__ == "yuesong_cli.store.inputs"
    assert rule_from_row.__module__ == "yuesong_cli.store.plans"


@pytest.mark.parametrize("name", ["__init__", "transaction", "audit", "released", "close"])
def test_one_connection_one_transaction_helper_one_audit_writer(name: str) -> None:
    defining = [cls.__name__ for cls in Store.__mro__[:-1] if name in vars(cls)]
    assert defining == [StoreBase.__name__]


def test_a_write_across_parts_is_one_transaction(tmp_path: Path) -> None:
    store = Store(tmp_path / "one.db", create=True)
    before = store.counts()
    with pytest.raises(RuntimeError), store.transaction():
        helper = store.add_helper("岩块", "police", None)
        person = register_in(store)
        store.add_contact(NewContact(person, dt.date(2026, 1, 6), ["meet"], "in_person", [helper]))
        raise RuntimeError("after three parts wrote")
    assert store.counts() == before
    assert store.verify() == {"integrity": [], "foreign_keys": [], "audit": [], "records": []}
