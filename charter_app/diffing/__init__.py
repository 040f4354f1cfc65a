"""Word-level diffs, paragraph alignment and 3-way merges: pure functions on strings."""
