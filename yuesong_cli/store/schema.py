"""The names of the schema's migration steps, for a start-up check that needs no import
of sqlite-utils. ``tests/test_migrations.py`` keeps this list equal to the steps that
``migrations.py`` registers."""

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
)
