"""The store: every SQL statement, the schema and its migrations, and the clock
(docs/architecture.md)."""
