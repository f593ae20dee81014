"""Use cases over storage and domain; no Qt."""
