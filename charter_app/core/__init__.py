"""The charter domain: frozen dataclasses and the operations on them, with no Qt and no git."""
