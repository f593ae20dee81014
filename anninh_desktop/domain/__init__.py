"""Pure domain: dataclasses, enums and rules. No Qt, no SQL, no files."""
