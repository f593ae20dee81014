"""Demo data: realistic, reproducible evidence files and records for `anninh demo` and for tests."""
