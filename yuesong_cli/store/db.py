"""The store: the one place that holds SQL, opened as one ``Store``.

``Store`` is one connection (store/base.py: pragmas, migrations on open, the one
transaction helper, the audit row every change writes) with the parts of the register
that use it, one module each: persons, status histories, helpers and teams
(store/persons.py, over the township's zones and grids in store/areas.py); contacts and
breaches (store/contacts.py); plans and rules (store/plans.py); what the due list,
alerts, reports and draws read (store/inputs.py); the audit log, verification, backup
and restore (store/integrity.py); files past their retention anonymised (store/purge.py,
a part over persons and contacts, hence first); a person's file sent to or received
from another township (store/transfers.py); the derived state kept beside the records
(store/derived.py); the township's prevention education and a person's sunshine care
(store/prevention.py); the register of the documents issued to persons
(store/documents.py).
SQL shared between them is in store/sql.py.
"""

from __future__ import annotations

from yuesong_cli.store.contacts import ContactStore
from yuesong_cli.store.derived import DerivedStore
from yuesong_cli.store.documents import DocumentStore
from yuesong_cli.store.inputs import InputStore
from yuesong_cli.store.integrity import IntegrityStore
from yuesong_cli.store.persons import PersonStore
from yuesong_cli.store.prevention import PreventionStore
from yuesong_cli.store.purge import PurgeStore
from yuesong_cli.store.transfers import TransferStore


class Store(
    PurgeStore,
    TransferStore,
    PersonStore,
    ContactStore,
    InputStore,
    IntegrityStore,
    DerivedStore,
    PreventionStore,
    DocumentStore,
):
    """An open yuesong database."""
