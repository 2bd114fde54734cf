"""Output: every use of rich, the table/plain/CSV/JSON renderer, files written for the
officer (exports, the quarterly document) and the sentences and rows shown
(docs/architecture.md)."""
