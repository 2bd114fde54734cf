"""yuesong: a command-line ledger for a township drug-control officer (禁毒专干)."""

__version__ = "0.1.0"
