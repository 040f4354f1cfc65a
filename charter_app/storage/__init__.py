"""The charter repository on disk: files to domain objects and back, and git (only here)."""
