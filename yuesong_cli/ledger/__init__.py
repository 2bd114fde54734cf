"""The ledger's answers: the store's set-based inputs fed to the pure domain code (the due
list, the alerts, the reports) and the sample generator (docs/architecture.md)."""
