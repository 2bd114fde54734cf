"""The names of the schema's migration steps and the tables each makes, for the check a
file is given when it is opened (store/base.py) without importing sqlite-utils.
``tests/test_migrations.py`` keeps the names equal to the steps that ``migrations.py``
registers, and ``tests/test_schema_check.py`` the tables to those a step leaves."""

MIGRATION_SET = "yuesong"
MIGRATION_NAMES = (
    "m001_register",
    "m002_contacts",
    "m003_audit",
    "m004_plan_rules",
    "m005_contact_kind_mask",
    "m006_breaches",
    "m007_identity_documents",
    "m008_corrections",
    "m009_history_and_teams",
    "m010_audit_states",
    "m011_purged_files",
    "m012_derived_state",
    "m013_areas",
    "m014_transfers",
    "m015_paperwork",
)

# The derived state's tables (store/derived.py): worked out from the records, no record.
DERIVED_TABLES = (
    "derived_parts",
    "derived_stale",
    "due_state_persons",
    "due_state",
    "alert_state",
    "obligation_log",
    "supervised_spans",
)

# The tables each step makes (a step missing here makes none). A file that records a step
# but lacks one of its tables is damaged, and refused when opened (docs/security.md §4).
MIGRATION_TABLES: dict[str, tuple[str, ...]] = {
    "m001_register": ("settings", "plans", "persons", "status_history", "helpers", "team_members"),
    "m002_contacts": ("contacts", "contact_kinds", "contact_helpers", "photos", "contact_photos"),
    "m003_audit": ("audit",),
    "m004_plan_rules": ("plan_rules",),
    "m006_breaches": ("breaches",),
    "m008_corrections": ("corrections",),
    "m010_audit_states": ("audit_seal",),
    "m012_derived_state": DERIVED_TABLES,
    "m013_areas": ("zones", "grids"),
    "m014_transfers": ("transfers",),
    "m015_paperwork": ("documents", "education_sessions", "support_records"),
}


def tables_of(applied: frozenset[str] | set[str]) -> set[str]:
    """The tables a file that records the steps ``applied`` must have."""
    return {table for name in applied for table in MIGRATION_TABLES.get(name, ())}
