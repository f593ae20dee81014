"""The history of a unit, an assessment or a criterion, read from the audit log (issue 17 item 4)."""
