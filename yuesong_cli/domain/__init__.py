"""The domain, as pure code: plain values and an explicit day in, answers out; no clock,
environment, database, files or terminal (docs/architecture.md)."""
