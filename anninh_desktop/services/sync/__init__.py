"""USB sync between offices: identity and trust, signed and encrypted packages, acks (docs/sync.md)."""
