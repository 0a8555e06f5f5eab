"""One test file per check kind, as yamllint has one per rule."""
