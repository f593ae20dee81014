"""The history view: the audit log of a unit, an assessment or a criterion (issue 17 item 4)."""
