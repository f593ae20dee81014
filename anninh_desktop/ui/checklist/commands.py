"""Undo commands of the checklist: one per saved change of a result, typing in one field merged.

A command is pushed *after* its change was written (so a refused change never enters the stack);
its first redo, which QUndoStack.push calls, therefore does nothing. Undo and redo write through
`apply(assessment_id, ref, fields)`, which returns False when the store refused (for instance the
assessment was submitted since): the command then makes itself obsolete and the stack drops it.

The commands write through the stack's `ApplyTarget`, which points at the checklist now shown: a
language switch builds a new checklist, and the history made in the old one still undoes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtGui import QUndoCommand, QUndoStack

Apply = Callable[[str, str, dict[str, Any]], bool]

TEXT_EDIT_ID = 4711  # commands with this id may merge (QUndoCommand.id)


class ApplyTarget:
    """Where a stack's commands write: the checklist now shown (none: the write is refused)."""

    def __init__(self) -> None:
        self.apply: Apply | None = None

    def __call__(self, assessment_id: str, ref: str, fields: dict[str, Any]) -> bool:
        return self.apply is not None and self.apply(assessment_id, ref, fields)


def apply_target(stack: QUndoStack) -> ApplyTarget:
    """The one target of this stack (made on first use; the stack outlives the checklists)."""
    target = getattr(stack, "_anninh_apply_target", None)
    if target is None:
        target = ApplyTarget()
        stack._anninh_apply_target = target  # type: ignore[attr-defined]
    return target


class ResultCommand(QUndoCommand):
    def __init__(
        self,
        apply: Apply,
        assessment_id: str,
        ref: str,
        before: dict[str, Any],
        after: dict[str, Any],
        text: str,
        merge_key: tuple[Any, ...] | None = None,
    ) -> None:
        super().__init__(text)
        self._apply = apply
        self.assessment_id = assessment_id
        self.ref = ref
        self.before = before
        self.after = after
        self.merge_key = merge_key  # (field, session): equal keys of one row merge
        self._pushed = False

    def id(self) -> int:
        return TEXT_EDIT_ID if self.merge_key is not None else -1

    def redo(self) -> None:
        if not self._pushed:
            self._pushed = True  # the change is already in the store
            return
        if not self._apply(self.assessment_id, self.ref, self.after):
            self.setObsolete(True)

    def undo(self) -> None:
        if not self._apply(self.assessment_id, self.ref, self.before):
            self.setObsolete(True)

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, ResultCommand) or other.merge_key is None:
            return False
        if (other.assessment_id, other.ref, other.merge_key) != (
            self.assessment_id,
            self.ref,
            self.merge_key,
        ):
            return False
        for name, value in other.before.items():
            self.before.setdefault(name, value)
        self.after.update(other.after)
        if self.after == {k: self.before.get(k) for k in self.after}:
            self.setObsolete(True)  # typed back to where it started: nothing left to undo
        return True
