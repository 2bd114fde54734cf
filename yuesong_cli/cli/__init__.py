"""The command-line layer: one thin module per command group."""
