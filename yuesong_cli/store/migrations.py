"""Schema migrations, append-only: never edit a step that has shipped, add a new one.

Each step runs in its own transaction together with the record that it ran
(``sqlite_utils.migrations.Migrations``), so a fresh file and an old one reach the same
schema, and a step that fails leaves the file as it was.

Dates are TEXT ``YYYY-MM-DD`` (local dates in the database's time zone, docs/model.md);
moments are TEXT ISO 8601 in UTC. Both sort and compare correctly as text, which keeps
the set-based "who is due" queries plain SQL.
"""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from yuesong_cli.store.schema import MIGRATION_SET

migrations = Migrations(MIGRATION_SET)


@migrations()
def m001_register(db: Database) -> None:
    """Why: the register itself — settings, persons, status history, helpers, teams."""
    db.executescript(
        """
        CREATE TABLE settings (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL
        );
        -- Plans are data (docs/domain.md: the cadence is local practice); their rules
        -- arrive with the obligation model.
        CREATE TABLE plans (
            key TEXT PRIMARY KEY,
            name_zh TEXT NOT NULL,
            name_en TEXT NOT NULL
        );
        INSERT INTO plans (key, name_zh, name_en)
            VALUES ('five_to_one', '五包一', 'five-to-one');
        CREATE TABLE persons (
            id INTEGER PRIMARY KEY,
            case_no TEXT NOT NULL UNIQUE,
            name TEXT NOT NULL,
            name_pinyin TEXT NOT NULL,
            name_initials TEXT NOT NULL,
            alias TEXT,
            id_number TEXT NOT NULL UNIQUE,
            gender TEXT NOT NULL CHECK (gender IN ('male', 'female')),
            birth_date TEXT NOT NULL,
            ethnicity TEXT,
            phone TEXT,
            household_address TEXT,
            current_address TEXT,
            village TEXT,
            village_group TEXT,
            grid TEXT,
            zone TEXT,
            drugs TEXT,
            method TEXT,
            first_use_date TEXT,
            decision_doc TEXT,
            decision_date TEXT,
            term_start TEXT,
            term_end TEXT,
            risk_level TEXT CHECK (risk_level IN ('low', 'medium', 'high')),
            key_person INTEGER NOT NULL DEFAULT 0 CHECK (key_person IN (0, 1)),
            poor_household INTEGER NOT NULL DEFAULT 0 CHECK (poor_household IN (0, 1)),
            dibao TEXT,
            employment TEXT,
            notes TEXT,
            plan TEXT NOT NULL DEFAULT 'five_to_one' REFERENCES plans(key),
            registered_on TEXT NOT NULL,
            created_at TEXT NOT NULL
        );
        CREATE INDEX persons_village ON persons (village, village_group);
        CREATE INDEX persons_name ON persons (name);
        CREATE INDEX persons_pinyin ON persons (name_pinyin);
        CREATE INDEX persons_initials ON persons (name_initials);
        -- One row per recorded status from a day on; the status in force on a day is
        -- the latest row that began on or before it and has not ended (until).
        CREATE TABLE status_history (
            id INTEGER PRIMARY KEY,
            person_id INTEGER NOT NULL REFERENCES persons(id),
            status TEXT NOT NULL,
            since TEXT NOT NULL,
            until TEXT,
            doc_no TEXT,
            reason TEXT,
            entered_at TEXT NOT NULL,
            CHECK (until IS NULL OR until >= since)
        );
        CREATE INDEX status_history_person ON status_history (person_id, since);
        CREATE TABLE helpers (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            name_pinyin TEXT NOT NULL,
            name_initials TEXT NOT NULL,
            role TEXT NOT NULL,
            phone TEXT,
            created_at TEXT NOT NULL
        );
        -- Team history is kept: a replaced member gets an end day rather than a delete.
        CREATE TABLE team_members (
            id INTEGER PRIMARY KEY,
            person_id INTEGER NOT NULL REFERENCES persons(id),
            helper_id INTEGER NOT NULL REFERENCES helpers(id),
            role TEXT NOT NULL,
            since TEXT NOT NULL,
            until TEXT
        );
        CREATE UNIQUE INDEX team_members_current
            ON team_members (person_id, role) WHERE until IS NULL;
        CREATE INDEX team_members_helper ON team_members (helper_id) WHERE until IS NULL;
        """
    )


@migrations()
def m002_contacts(db: Database) -> None:
    """Why: every contact with a person, its kinds, its helpers and its photos."""
    db.executescript(
        """
        CREATE TABLE contacts (
            id INTEGER PRIMARY KEY,
            person_id INTEGER NOT NULL REFERENCES persons(id),
            happened_on TEXT NOT NULL,
            entered_at TEXT NOT NULL,
            mode TEXT NOT NULL CHECK (mode IN ('in_person', 'phone', 'video')),
            place TEXT,
            note TEXT,
            urine_result TEXT
                CHECK (urine_result IN ('negative', 'positive', 'refused', 'absent')),
            substance TEXT
        );
        CREATE INDEX contacts_person_day ON contacts (person_id, happened_on);
        CREATE INDEX contacts_day ON contacts (happened_on);
        -- One row per kind: a home visit with a talk is one contact keeping two rules,
        -- and "all contacts of kind K" is an index range for the due list.
        -- Columns in primary-key order: SQLite 3.40's quick_check misreads NOT NULL
        -- columns of a WITHOUT ROWID table declared in another order.
        CREATE TABLE contact_kinds (
            kind TEXT NOT NULL
                CHECK (kind IN ('meet', 'talk', 'visit', 'report', 'urine')),
            contact_id INTEGER NOT NULL REFERENCES contacts(id),
            PRIMARY KEY (kind, contact_id)
        ) WITHOUT ROWID;
        CREATE INDEX contact_kinds_contact ON contact_kinds (contact_id);
        CREATE TABLE contact_helpers (
            contact_id INTEGER NOT NULL REFERENCES contacts(id),
            helper_id INTEGER NOT NULL REFERENCES helpers(id),
            PRIMARY KEY (contact_id, helper_id)
        ) WITHOUT ROWID;
        CREATE INDEX contact_helpers_helper ON contact_helpers (helper_id);
        -- Photos live inside the file (the one file is the whole record), stored once
        -- per content: the key is the SHA-256 of the bytes.
        CREATE TABLE photos (
            sha256 TEXT PRIMARY KEY,
            media_type TEXT NOT NULL,
            size INTEGER NOT NULL,
            data BLOB NOT NULL,
            created_at TEXT NOT NULL
        );
        CREATE TABLE contact_photos (
            contact_id INTEGER NOT NULL REFERENCES contacts(id),
            sha256 TEXT NOT NULL REFERENCES photos(sha256),
            PRIMARY KEY (contact_id, sha256)
        ) WITHOUT ROWID;
        """
    )


@migrations()
def m003_audit(db: Database) -> None:
    """Why: docs/security.md §3 — an append-only, hash-chained record of every change."""
    db.executescript(
        """
        CREATE TABLE audit (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            at TEXT NOT NULL,
            actor TEXT NOT NULL,
            action TEXT NOT NULL,
            table_name TEXT,
            record_id INTEGER,
            fields TEXT NOT NULL,
            note TEXT,
            prev_hash TEXT NOT NULL,
            hash TEXT NOT NULL
        );
        CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
        BEGIN
            SELECT RAISE(ABORT, 'audit rows cannot be changed');
        END;
        -- INSERT OR REPLACE deletes without firing delete triggers unless
        -- recursive_triggers is on; refuse reusing an id outright.
        CREATE TRIGGER audit_no_replace BEFORE INSERT ON audit
        WHEN EXISTS (SELECT 1 FROM audit WHERE id = NEW.id)
        BEGIN
            SELECT RAISE(ABORT, 'audit rows cannot be replaced');
        END;
        CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
        BEGIN
            SELECT RAISE(ABORT, 'audit rows cannot be deleted');
        END;
        """
    )


@migrations()
def m004_plan_rules(db: Database) -> None:
    """Why: docs/model.md — plans and their rules are data, so a township can keep its own
    cadence (a phone talk every 10 days for people working away, say)."""
    db.executescript(
        """
        CREATE TABLE plan_rules (
            plan TEXT NOT NULL REFERENCES plans(key),
            rule TEXT NOT NULL,
            position INTEGER NOT NULL,
            name_zh TEXT NOT NULL,
            name_en TEXT NOT NULL,
            schedule TEXT NOT NULL CHECK (schedule IN ('calendar', 'rolling', 'tiered')),
            period TEXT CHECK (period IN ('week', 'half_month', 'month', 'quarter')),
            every_days INTEGER CHECK (every_days > 0),
            -- JSON: status -> months per window in years 1, 2, 3 of the term.
            tiers TEXT,
            -- Comma-separated accepted values; empty accepts any.
            kinds TEXT NOT NULL DEFAULT '',
            modes TEXT NOT NULL DEFAULT '',
            results TEXT NOT NULL DEFAULT '',
            PRIMARY KEY (plan, rule),
            CHECK ((schedule = 'calendar') = (period IS NOT NULL)),
            CHECK ((schedule = 'rolling') = (every_days IS NOT NULL)),
            CHECK ((schedule = 'tiered') = (tiers IS NOT NULL))
        );
        INSERT INTO plan_rules
            (plan, rule, position, name_zh, name_en, schedule, period, every_days, tiers,
             kinds, modes, results)
        VALUES
            ('five_to_one', 'meet', 1, '一周一见面', 'meet weekly', 'calendar', 'week',
             NULL, NULL, '', 'in_person', ''),
            ('five_to_one', 'talk', 2, '半月一谈话', 'talk every half-month', 'calendar',
             'half_month', NULL, NULL, 'talk', '', ''),
            ('five_to_one', 'visit', 3, '一月一走访', 'home visit monthly', 'calendar',
             'month', NULL, NULL, 'visit', 'in_person', ''),
            ('five_to_one', 'report', 4, '一季一汇报', 'report quarterly', 'calendar',
             'quarter', NULL, NULL, 'report', '', ''),
            ('five_to_one', 'urine', 5, '定期尿检', 'urine tests', 'tiered', NULL, NULL,
             '{"community_treatment": [1, 2, 3], "community_rehab": [2, 3, 6]}',
             'urine', '', 'negative,positive');
        """
    )


@migrations()
def m005_contact_kind_mask(db: Database) -> None:
    """Why: the due list asks, for every person at once, the last day each rule was kept;
    with a contact's kinds as bits on the contact itself that is one scan of contacts
    instead of a join per rule. Triggers keep the bits equal to contact_kinds."""
    db.executescript(
        """
        ALTER TABLE contacts ADD COLUMN kind_mask INTEGER NOT NULL DEFAULT 0;
        UPDATE contacts SET kind_mask = (
            SELECT COALESCE(SUM(CASE k.kind WHEN 'meet' THEN 1 WHEN 'talk' THEN 2
                WHEN 'visit' THEN 4 WHEN 'report' THEN 8 WHEN 'urine' THEN 16 END), 0)
            FROM contact_kinds k WHERE k.contact_id = contacts.id
        );
        -- Covers what the due list reads of a contact, so its scan never visits the table.
        DROP INDEX contacts_person_day;
        CREATE INDEX contacts_person_keeping
            ON contacts (person_id, happened_on, kind_mask, mode, urine_result);
        CREATE TRIGGER contact_kinds_mask_insert AFTER INSERT ON contact_kinds
        BEGIN
            UPDATE contacts SET kind_mask = kind_mask | CASE NEW.kind WHEN 'meet' THEN 1
                WHEN 'talk' THEN 2 WHEN 'visit' THEN 4 WHEN 'report' THEN 8
                WHEN 'urine' THEN 16 END
            WHERE id = NEW.contact_id;
        END;
        CREATE TRIGGER contact_kinds_mask_delete AFTER DELETE ON contact_kinds
        BEGIN
            UPDATE contacts SET kind_mask = kind_mask & ~CASE OLD.kind WHEN 'meet' THEN 1
                WHEN 'talk' THEN 2 WHEN 'visit' THEN 4 WHEN 'report' THEN 8
                WHEN 'urine' THEN 16 END
            WHERE id = OLD.contact_id;
        END;
        """
    )


@migrations()
def m006_breaches(db: Database) -> None:
    """Why: breaches of the agreement (违反协议) are recorded to compute the serious-breach
    thresholds (戒毒条例 Art. 20); refused and missed tests count by themselves, and alerts
    find them and positive tests through a small partial index."""
    db.executescript(
        """
        CREATE TABLE breaches (
            id INTEGER PRIMARY KEY,
            person_id INTEGER NOT NULL REFERENCES persons(id),
            happened_on TEXT NOT NULL,
            kind TEXT NOT NULL
                CHECK (kind IN ('refused_test', 'absent_test', 'left_county', 'other')),
            days_away INTEGER CHECK (days_away IS NULL OR days_away > 0),
            note TEXT,
            entered_at TEXT NOT NULL,
            -- Leaving the county counts by its days too; nothing else has days.
            CHECK ((kind = 'left_county') = (days_away IS NOT NULL))
        );
        CREATE INDEX breaches_person ON breaches (person_id, happened_on);
        -- The few tests alerts look at (positive, refused, not come to), found without
        -- reading every contact.
        CREATE INDEX contacts_notable_tests ON contacts (person_id, happened_on, urine_result)
            WHERE urine_result IN ('positive', 'refused', 'absent');
        """
    )


@migrations()
def m007_identity_documents(db: Database) -> None:
    """Why: not everyone on the register has a mainland ID number (issue 10): foreign
    nationals on the border carry a passport, and some persons' numbers are not yet known
    when they are registered; old 15-digit numbers are kept as typed beside the 18-digit
    number they are upgraded to. ``id_number`` loses NOT NULL, which SQLite can only do by
    rebuilding the table.

    The rebuild keeps every row and id as it was. ``persons`` is the parent of the status
    history, teams, contacts and breaches, and migrations run inside the opening
    transaction, where foreign key enforcement cannot be switched off: with the checks
    deferred, dropping the old table counts the rows left without a parent, and putting
    each person back into the new table (same id) counts them resolved again, so the
    commit finds nothing broken. A copy in ``temp`` carries the rows across; renaming the
    old table instead would make SQLite point every child table at the old name."""
    db.execute("PRAGMA defer_foreign_keys = ON")
    columns = [row[1] for row in db.execute("PRAGMA table_info(persons)")]
    names = ", ".join(columns)
    db.executescript(
        """
        CREATE TEMP TABLE persons_before AS SELECT * FROM main.persons;
        DROP TABLE main.persons;
        CREATE TABLE persons (
            id INTEGER PRIMARY KEY,
            case_no TEXT NOT NULL UNIQUE,
            name TEXT NOT NULL,
            name_pinyin TEXT NOT NULL,
            name_initials TEXT NOT NULL,
            alias TEXT,
            -- The 18-digit resident ID number (a 15-digit one upgraded): one person each.
            id_number TEXT UNIQUE,
            gender TEXT NOT NULL CHECK (gender IN ('male', 'female')),
            birth_date TEXT NOT NULL,
            ethnicity TEXT,
            phone TEXT,
            household_address TEXT,
            current_address TEXT,
            village TEXT,
            village_group TEXT,
            grid TEXT,
            zone TEXT,
            drugs TEXT,
            method TEXT,
            first_use_date TEXT,
            decision_doc TEXT,
            decision_date TEXT,
            term_start TEXT,
            term_end TEXT,
            risk_level TEXT CHECK (risk_level IN ('low', 'medium', 'high')),
            key_person INTEGER NOT NULL DEFAULT 0 CHECK (key_person IN (0, 1)),
            poor_household INTEGER NOT NULL DEFAULT 0 CHECK (poor_household IN (0, 1)),
            dibao TEXT,
            employment TEXT,
            notes TEXT,
            plan TEXT NOT NULL DEFAULT 'five_to_one' REFERENCES plans(key),
            registered_on TEXT NOT NULL,
            created_at TEXT NOT NULL,
            -- Which document says who the person is: a resident ID number, a passport
            -- (foreign nationals), or none yet (the file counts as incomplete).
            id_kind TEXT NOT NULL DEFAULT 'resident'
                CHECK (id_kind IN ('resident', 'passport', 'none')),
            -- A first-generation number as typed, when id_number was upgraded from it.
            id_number_15 TEXT,
            passport_no TEXT,
            -- ISO 3166-1 alpha-3 of the passport's issuing state.
            nationality TEXT,
            CHECK ((id_kind = 'resident') = (id_number IS NOT NULL)),
            CHECK ((id_kind = 'passport') = (passport_no IS NOT NULL)),
            CHECK ((passport_no IS NULL) = (nationality IS NULL)),
            CHECK (id_number_15 IS NULL OR id_number IS NOT NULL)
        );
        """
    )
    db.execute(f"INSERT INTO persons ({names}) SELECT {names} FROM temp.persons_before")
    db.executescript(
        """
        DROP TABLE temp.persons_before;
        CREATE INDEX persons_village ON persons (village, village_group);
        CREATE INDEX persons_name ON persons (name);
        CREATE INDEX persons_pinyin ON persons (name_pinyin);
        CREATE INDEX persons_initials ON persons (name_initials);
        -- A passport is one person's within its issuing state; numbers of two states
        -- may coincide.
        CREATE UNIQUE INDEX persons_passport ON persons (nationality, passport_no)
            WHERE passport_no IS NOT NULL;
        """
    )
    broken = db.execute("PRAGMA foreign_key_check").fetchall()
    if broken:
        # Never expected; refusing keeps the file as it was (the step rolls back).
        raise RuntimeError(f"m007: {len(broken)} rows lost their parent")


@migrations()
def m008_corrections(db: Database) -> None:
    """Why: a contact or breach entered by mistake is corrected (issue 11) without losing
    what was entered. The record as it stood moves here, whole, with the reason; the live
    tables hold only the record as corrected, so no query of the due list, alerts or
    reports needs to know that corrections exist."""
    db.executescript(
        """
        CREATE TABLE corrections (
            id INTEGER PRIMARY KEY,
            table_name TEXT NOT NULL CHECK (table_name IN ('contacts', 'breaches')),
            -- No reference: a voided record is gone from its table.
            record_id INTEGER NOT NULL,
            person_id INTEGER NOT NULL REFERENCES persons(id),
            action TEXT NOT NULL CHECK (action IN ('void', 'amend')),
            -- JSON: the row as it stood, with a contact's kinds, helpers and photos.
            original TEXT NOT NULL,
            reason TEXT NOT NULL,
            corrected_on TEXT NOT NULL,
            entered_at TEXT NOT NULL
        );
        CREATE INDEX corrections_record ON corrections (table_name, record_id);
        CREATE INDEX corrections_person ON corrections (person_id);
        """
    )


@migrations()
def m009_history_and_teams(db: Database) -> None:
    """Why: a ledger started from an existing register (issue 11) counts obligations only
    from the day its records are complete, not from each status's since-day; a helper
    leaves the active lists without losing the teams they were part of; and a status
    entered by mistake is corrected through the same archive as contacts and breaches.

    ``corrections`` gains 'status_history' in its table check, which SQLite can only do by
    rebuilding the table; nothing refers to it, so a copy renamed into place keeps every
    row and id."""
    db.executescript(
        """
        -- The first day whose obligations count (NULL: the registration day); days
        -- before it hold no obligations (docs/model.md "Supervision").
        ALTER TABLE persons ADD COLUMN history_from TEXT;
        -- The day a helper stopped helping (NULL: still helping).
        ALTER TABLE helpers ADD COLUMN retired_on TEXT;
        CREATE TABLE corrections_new (
            id INTEGER PRIMARY KEY,
            table_name TEXT NOT NULL
                CHECK (table_name IN ('contacts', 'breaches', 'status_history')),
            -- No reference: a voided record is gone from its table.
            record_id INTEGER NOT NULL,
            person_id INTEGER NOT NULL REFERENCES persons(id),
            action TEXT NOT NULL CHECK (action IN ('void', 'amend')),
            -- JSON: the row as it stood, with a contact's kinds, helpers and photos.
            original TEXT NOT NULL,
            reason TEXT NOT NULL,
            corrected_on TEXT NOT NULL,
            entered_at TEXT NOT NULL
        );
        INSERT INTO corrections_new SELECT * FROM corrections;
        DROP TABLE corrections;
        ALTER TABLE corrections_new RENAME TO corrections;
        CREATE INDEX corrections_record ON corrections (table_name, record_id);
        CREATE INDEX corrections_person ON corrections (person_id);
        """
    )


@migrations()
def m010_audit_states(db: Database) -> None:
    """Why: docs/security.md §10 — the audit log must explain the data and resist an
    editor: each row gains the state of the record it changed (``state``), the key it was
    written with and its keyed hash (``key_id``, ``mac``); a seal's states of every record
    are kept in ``audit_seal``, one packed row a table, and can no more be changed than
    the log. The rows written before keep their hashes; the store seals the file's data
    as it stands once this step has run (store/base.py), since they state none."""
    db.executescript(
        """
        ALTER TABLE audit ADD COLUMN state TEXT;
        ALTER TABLE audit ADD COLUMN key_id TEXT;
        ALTER TABLE audit ADD COLUMN mac TEXT;
        CREATE TABLE audit_seal (
            audit_id INTEGER NOT NULL REFERENCES audit(id),
            table_name TEXT NOT NULL,
            -- (record id, state) in id order, 24 bytes each (domain/audit.py pack_states).
            states BLOB NOT NULL,
            PRIMARY KEY (audit_id, table_name)
        ) WITHOUT ROWID;
        CREATE TRIGGER audit_seal_no_update BEFORE UPDATE ON audit_seal
        BEGIN
            SELECT RAISE(ABORT, 'audit rows cannot be changed');
        END;
        CREATE TRIGGER audit_seal_no_replace BEFORE INSERT ON audit_seal
        WHEN EXISTS (SELECT 1 FROM audit_seal
                     WHERE audit_id = NEW.audit_id AND table_name = NEW.table_name)
        BEGIN
            SELECT RAISE(ABORT, 'audit rows cannot be replaced');
        END;
        CREATE TRIGGER audit_seal_no_delete BEFORE DELETE ON audit_seal
        BEGIN
            SELECT RAISE(ABORT, 'audit rows cannot be deleted');
        END;
        """
    )


@migrations()
def m011_purged_files(db: Database) -> None:
    """Why: a file past its retention is anonymised (issue 12, docs/security.md §9), and
    the entry rate (录入率) of every past period counts each file as it is now: a purged
    file must keep counting as complete or incomplete as it was when purged, which its
    emptied fields no longer tell. The day marks the file as purged, for the views, the
    reveal and the writes that refuse it."""
    db.executescript(
        """
        -- The day the file was anonymised (NULL: never).
        ALTER TABLE persons ADD COLUMN purged_on TEXT;
        -- The fields reports need that the file lacked when purged, comma-separated
        -- ('' none): its completeness as it stood (domain/fields.py missing_fields).
        ALTER TABLE persons ADD COLUMN purged_missing TEXT;
        """
    )


@migrations()
def m012_derived_state(db: Database) -> None:
    """Why: the due list, its headline and the alerts of a county (issue 13) cannot work
    out every person's obligations again on every run. What they need is kept per person
    as records are written (docs/model.md "Kept state"): derived, never a source of
    truth, so it is no record of the audit log. A part of the derived state names the day
    it was worked out for (``derived_parts``); every write that can change a person's
    answer marks the person stale in each part, by the triggers below, in the write's own
    transaction; a change of a plan or of the time zone (which moves "today") drops every
    part, to be worked out again.
    The ledger (ledger/standing.py) brings the stale persons up to date before the write
    commits, and rolls a part forward on the first run of a new day."""
    db.executescript(
        """
        -- Each part of the derived state: the day it holds, the model that worked it out.
        CREATE TABLE derived_parts (
            part TEXT PRIMARY KEY,
            day TEXT NOT NULL,
            model TEXT NOT NULL
        );
        -- Persons whose answer in a part a write has changed since it was worked out.
        CREATE TABLE derived_stale (
            part TEXT NOT NULL,
            person_id INTEGER NOT NULL,
            PRIMARY KEY (part, person_id)
        ) WITHOUT ROWID;
        -- Part 'day': who is under active supervision on the day, each one's current
        -- item of every rule of their plan (domain/obligations.py DueItem), and every
        -- alert of everyone registered (domain/alerts.py Alert).
        CREATE TABLE due_state_persons (
            person_id INTEGER PRIMARY KEY
        );
        CREATE TABLE due_state (
            person_id INTEGER NOT NULL,
            rule TEXT NOT NULL,
            plan TEXT NOT NULL,
            schedule TEXT NOT NULL,
            status TEXT NOT NULL,
            window_start TEXT NOT NULL,
            window_end TEXT NOT NULL,
            last_kept TEXT,
            missed_streak INTEGER NOT NULL,
            PRIMARY KEY (person_id, rule)
        ) WITHOUT ROWID;
        CREATE TABLE alert_state (
            person_id INTEGER NOT NULL,
            seq INTEGER NOT NULL,
            case_no TEXT NOT NULL,
            kind TEXT NOT NULL,
            severity TEXT NOT NULL,
            since TEXT NOT NULL,
            detail_key TEXT NOT NULL,
            params TEXT NOT NULL,
            PRIMARY KEY (person_id, seq)
        ) WITHOUT ROWID;
        -- Part 'log': every obligation whose deadline has come by the part's day, judged
        -- as of that day (domain/obligations.py Obligation): what the reports count, by
        -- the deadline that puts it in a period. Kept in deadline order, for a period's
        -- range; by person too, for a person worked out again.
        CREATE TABLE obligation_log (
            deadline TEXT NOT NULL,
            person_id INTEGER NOT NULL,
            rule TEXT NOT NULL,
            window_start TEXT NOT NULL,
            state TEXT NOT NULL,  -- kept | missed | open
            late INTEGER NOT NULL,
            PRIMARY KEY (deadline, person_id, rule, window_start)
        ) WITHOUT ROWID;
        CREATE INDEX obligation_log_person ON obligation_log (person_id, deadline);
        -- Part 'log' too: the days each person was under active supervision by the
        -- statuses recorded (domain/obligations.py Supervision.recorded), as of the
        -- part's day; NULL end: it goes on. Whom a period's figures count as supervised.
        CREATE TABLE supervised_spans (
            person_id INTEGER NOT NULL,
            start TEXT NOT NULL,
            end TEXT,
            PRIMARY KEY (person_id, start)
        ) WITHOUT ROWID;
        CREATE TRIGGER derived_stale_contacts_insert AFTER INSERT ON contacts
        BEGIN
            INSERT OR IGNORE INTO derived_stale (part, person_id)
                SELECT part, NEW.person_id FROM derived_parts;
        END;
        CREATE TRIGGER derived_stale_contacts_update AFTER UPDATE ON contacts
        BEGIN
            INSERT OR IGNORE INTO derived_stale (part, person_id)
                SELECT part, OLD.person_id FROM derived_parts;
            INSERT OR IGNORE INTO derived_stale (part, person_id)
                SELECT part, NEW.person_id FROM derived_parts;
        END;
        CREATE TRIGGER derived_stale_contacts_delete AFTER DELETE ON contacts
        BEGIN
            INSERT OR IGNORE INTO derived_stale (part, person_id)
                SELECT part, OLD.person_id FROM derived_parts;
        END;
        CREATE TRIGGER derived_stale_status_history_insert AFTER INSERT ON status_history
        BEGIN
            INSERT OR IGNORE INTO derived_stale (part, person_id)
                SELECT part, NEW.person_id FROM derived_parts;
        END;
        CREATE TRIGGER derived_stale_status_history_update AFTER UPDATE ON status_history
        BEGIN
            INSERT OR IGNORE INTO derived_stale (part, person_id)
                SELECT part, OLD.person_id FROM derived_parts;
            INSERT OR IGNORE INTO derived_stale (part, person_id)
                SELECT part, NEW.person_id FROM derived_parts;
        END;
        CREATE TRIGGER derived_stale_status_history_delete AFTER DELETE ON status_history
        BEGIN
            INSERT OR IGNORE INTO derived_stale (part, person_id)
                SELECT part, OLD.person_id FROM derived_parts;
        END;
        CREATE TRIGGER derived_stale_breaches_insert AFTER INSERT ON breaches
        BEGIN
            INSERT OR IGNORE INTO derived_stale (part, person_id)
                SELECT part, NEW.person_id FROM derived_parts;
        END;
        CREATE TRIGGER derived_stale_breaches_update AFTER UPDATE ON breaches
        BEGIN
            INSERT OR IGNORE INTO derived_stale (part, person_id)
                SELECT part, OLD.person_id FROM derived_parts;
            INSERT OR IGNORE INTO derived_stale (part, person_id)
                SELECT part, NEW.person_id FROM derived_parts;
        END;
        CREATE TRIGGER derived_stale_breaches_delete AFTER DELETE ON breaches
        BEGIN
            INSERT OR IGNORE INTO derived_stale (part, person_id)
                SELECT part, OLD.person_id FROM derived_parts;
        END;
        CREATE TRIGGER derived_stale_persons_insert AFTER INSERT ON persons
        BEGIN
            INSERT OR IGNORE INTO derived_stale (part, person_id)
                SELECT part, NEW.id FROM derived_parts;
        END;
        CREATE TRIGGER derived_stale_persons_update AFTER UPDATE ON persons
        BEGIN
            INSERT OR IGNORE INTO derived_stale (part, person_id)
                SELECT part, OLD.id FROM derived_parts;
            INSERT OR IGNORE INTO derived_stale (part, person_id)
                SELECT part, NEW.id FROM derived_parts;
        END;
        CREATE TRIGGER derived_stale_persons_delete AFTER DELETE ON persons
        BEGIN
            INSERT OR IGNORE INTO derived_stale (part, person_id)
                SELECT part, OLD.id FROM derived_parts;
        END;
        CREATE TRIGGER derived_stale_contact_kinds_insert AFTER INSERT ON contact_kinds
        BEGIN
            INSERT OR IGNORE INTO derived_stale (part, person_id)
                SELECT part, (SELECT person_id FROM contacts WHERE id = NEW.contact_id)
                FROM derived_parts
                WHERE EXISTS (SELECT 1 FROM contacts WHERE id = NEW.contact_id);
        END;
        CREATE TRIGGER derived_stale_contact_kinds_delete AFTER DELETE ON contact_kinds
        BEGIN
            INSERT OR IGNORE INTO derived_stale (part, person_id)
                SELECT part, (SELECT person_id FROM contacts WHERE id = OLD.contact_id)
                FROM derived_parts
                WHERE EXISTS (SELECT 1 FROM contacts WHERE id = OLD.contact_id);
        END;
        CREATE TRIGGER derived_drop_plans_insert AFTER INSERT ON plans
        BEGIN
            DELETE FROM derived_parts;
            DELETE FROM derived_stale;
        END;
        CREATE TRIGGER derived_drop_plans_update AFTER UPDATE ON plans
        BEGIN
            DELETE FROM derived_parts;
            DELETE FROM derived_stale;
        END;
        CREATE TRIGGER derived_drop_plans_delete AFTER DELETE ON plans
        BEGIN
            DELETE FROM derived_parts;
            DELETE FROM derived_stale;
        END;
        CREATE TRIGGER derived_drop_plan_rules_insert AFTER INSERT ON plan_rules
        BEGIN
            DELETE FROM derived_parts;
            DELETE FROM derived_stale;
        END;
        CREATE TRIGGER derived_drop_plan_rules_update AFTER UPDATE ON plan_rules
        BEGIN
            DELETE FROM derived_parts;
            DELETE FROM derived_stale;
        END;
        CREATE TRIGGER derived_drop_plan_rules_delete AFTER DELETE ON plan_rules
        BEGIN
            DELETE FROM derived_parts;
            DELETE FROM derived_stale;
        END;
        CREATE TRIGGER derived_drop_settings_insert AFTER INSERT ON settings
        WHEN NEW.key = 'timezone'
        BEGIN
            DELETE FROM derived_parts;
            DELETE FROM derived_stale;
        END;
        CREATE TRIGGER derived_drop_settings_update AFTER UPDATE ON settings
        WHEN NEW.key = 'timezone'
        BEGIN
            DELETE FROM derived_parts;
            DELETE FROM derived_stale;
        END;
        CREATE TRIGGER derived_drop_settings_delete AFTER DELETE ON settings
        WHEN OLD.key = 'timezone'
        BEGIN
            DELETE FROM derived_parts;
            DELETE FROM derived_stale;
        END;
        """
    )


@migrations()
def m013_areas(db: Database) -> None:
    """Why: the township's work is organised in zones (片区) and grids (网格), 一网四级
    (issue 14, docs/domain.md "Zones and grids"); a person's grid and zone were free
    text, which nothing could list, check or count by. The areas become records: a zone
    by name, a grid by name in one zone (with the village and village group it covers,
    where the township's grid table gives them). A person's ``grid`` and ``zone`` stay
    their names, checked against these on every write (store/areas.py).
    The file's own areas come from what its register already holds: every zone named,
    and every grid named with the zone most of its persons give (the first by name on a
    tie; none when none gives one). The store seals them with the records (store/base.py
    SEALING_STEPS), so the audit log states them from the start."""
    db.executescript(
        """
        CREATE TABLE zones (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,
            created_at TEXT NOT NULL
        );
        CREATE TABLE grids (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,
            -- NULL only for a grid the register named without a zone before m013.
            zone_id INTEGER REFERENCES zones(id),
            village TEXT,
            village_group TEXT,
            created_at TEXT NOT NULL
        );
        CREATE INDEX grids_zone ON grids (zone_id);
        INSERT INTO zones (name, created_at)
            SELECT DISTINCT zone, strftime('%Y-%m-%dT%H:%M:%SZ', 'now') FROM persons
            WHERE zone IS NOT NULL AND zone != '' ORDER BY zone;
        INSERT INTO grids (name, zone_id, created_at)
            SELECT g.grid,
                   (SELECT z.id FROM persons q JOIN zones z ON z.name = q.zone
                    WHERE q.grid = g.grid GROUP BY z.id ORDER BY count(*) DESC, z.name
                    LIMIT 1),
                   strftime('%Y-%m-%dT%H:%M:%SZ', 'now')
            FROM (SELECT DISTINCT grid FROM persons WHERE grid IS NOT NULL AND grid != '') g
            ORDER BY g.grid;
        """
    )


@migrations()
def m014_transfers(db: Database) -> None:
    """Why: a person who moves to another township takes their whole file along (issue
    14, docs/domain.md "Transfers"): the township that sends them records the package
    it wrote and its hash; the one that receives them records the package it read, the
    sending township and the old case number, and refuses the same package twice."""
    db.executescript(
        """
        CREATE TABLE transfers (
            id INTEGER PRIMARY KEY,
            person_id INTEGER NOT NULL REFERENCES persons(id),
            direction TEXT NOT NULL CHECK (direction IN ('out', 'in')),
            -- The other township: where the person went, or came from.
            township TEXT NOT NULL,
            -- The case number in the township that sent them (on 'in').
            old_case_no TEXT,
            -- SHA-256 of the package's bytes, in hex.
            package_sha256 TEXT NOT NULL,
            on_day TEXT NOT NULL,
            created_at TEXT NOT NULL,
            UNIQUE (direction, package_sha256)
        );
        CREATE INDEX transfers_person ON transfers (person_id);
        """
    )


@migrations()
def m015_paperwork(db: Database) -> None:
    """Why: an officer's week is also paper, prevention work and care (issue 15,
    docs/domain.md "Documents", "Prevention education", "Support"). The register of the
    documents issued to a person (an agreement, a notice of obligations, a release
    notice, a three-year evaluation, the record of a talk or visit), each with its own
    number, the day issued and why it was printed (it carries full names and ID
    numbers), the day signed with the scan kept as a photo, and to whom and when it was
    sent; the prevention-education sessions the township holds, by village group; the
    sunshine care (阳光关爱) a person was given. The document alerts read the register,
    so a change to it makes the person's derived state stale, as a contact does; a change
    of the day the register is kept from (the setting ``documents_from``) drops the kept
    alerts of the day, which are worked out again."""
    db.executescript(
        """
        CREATE TABLE documents (
            id INTEGER PRIMARY KEY,
            person_id INTEGER NOT NULL REFERENCES persons(id),
            kind TEXT NOT NULL
                CHECK (kind IN ('agreement', 'notice', 'release', 'evaluation', 'record')),
            doc_no TEXT NOT NULL UNIQUE,
            -- The contact a talk or visit record writes up.
            contact_id INTEGER,
            issued_on TEXT NOT NULL,
            reason TEXT NOT NULL,
            -- 'default', or the SHA-256 of the county's template file it was filled from.
            template TEXT NOT NULL,
            signed_on TEXT,
            scan_sha256 TEXT REFERENCES photos(sha256),
            sent_to TEXT,
            sent_on TEXT,
            entered_at TEXT NOT NULL,
            CHECK ((sent_to IS NULL) = (sent_on IS NULL)),
            CHECK ((kind = 'record') = (contact_id IS NOT NULL))
        );
        CREATE INDEX documents_person ON documents (person_id, kind);
        CREATE TABLE education_sessions (
            id INTEGER PRIMARY KEY,
            held_on TEXT NOT NULL,
            kind TEXT NOT NULL
                CHECK (kind IN ('village_talk', 'school', 'warning_point', 'family', 'other')),
            place TEXT NOT NULL,
            village TEXT,
            village_group TEXT,
            audience INTEGER NOT NULL CHECK (audience > 0),
            note TEXT,
            photo_sha256 TEXT REFERENCES photos(sha256),
            entered_at TEXT NOT NULL,
            CHECK (village_group IS NULL OR village IS NOT NULL)
        );
        CREATE INDEX education_day ON education_sessions (held_on);
        CREATE TABLE support_records (
            id INTEGER PRIMARY KEY,
            person_id INTEGER NOT NULL REFERENCES persons(id),
            kind TEXT NOT NULL CHECK (kind IN ('training', 'job', 'relief', 'medical')),
            on_day TEXT NOT NULL,
            note TEXT,
            entered_at TEXT NOT NULL
        );
        CREATE INDEX support_person ON support_records (person_id, on_day);
        CREATE TRIGGER derived_drop_documents_from_insert AFTER INSERT ON settings
        WHEN NEW.key = 'documents_from'
        BEGIN
            DELETE FROM derived_stale WHERE part = 'day';
            DELETE FROM derived_parts WHERE part = 'day';
        END;
        CREATE TRIGGER derived_drop_documents_from_update AFTER UPDATE ON settings
        WHEN NEW.key = 'documents_from'
        BEGIN
            DELETE FROM derived_stale WHERE part = 'day';
            DELETE FROM derived_parts WHERE part = 'day';
        END;
        CREATE TRIGGER derived_drop_documents_from_delete AFTER DELETE ON settings
        WHEN OLD.key = 'documents_from'
        BEGIN
            DELETE FROM derived_stale WHERE part = 'day';
            DELETE FROM derived_parts WHERE part = 'day';
        END;
        CREATE TRIGGER derived_stale_documents_insert AFTER INSERT ON documents
        BEGIN
            INSERT OR IGNORE INTO derived_stale (part, person_id)
                SELECT part, NEW.person_id FROM derived_parts;
        END;
        CREATE TRIGGER derived_stale_documents_update AFTER UPDATE ON documents
        BEGIN
            INSERT OR IGNORE INTO derived_stale (part, person_id)
                SELECT part, OLD.person_id FROM derived_parts;
            INSERT OR IGNORE INTO derived_stale (part, person_id)
                SELECT part, NEW.person_id FROM derived_parts;
        END;
        CREATE TRIGGER derived_stale_documents_delete AFTER DELETE ON documents
        BEGIN
            INSERT OR IGNORE INTO derived_stale (part, person_id)
                SELECT part, OLD.person_id FROM derived_parts;
        END;
        """
    )


def apply(db: Database) -> None:
    migrations.apply(db)


def pending(db: Database) -> list[str]:
    return [m.name for m in migrations.pending(db)]
