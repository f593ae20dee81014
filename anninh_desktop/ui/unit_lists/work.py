"""Reading and planning a list, and importing it, as task functions (they never touch a widget)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from anninh_desktop.i18n import _
from anninh_desktop.services.unit_lists import apply
from anninh_desktop.services.unit_lists.plan import ImportPlan, plan_import
from anninh_desktop.services.unit_lists.reader import read_list
from anninh_desktop.services.workspace import Workspace
from anninh_desktop.ui.tasks import TaskContext


def plan_task(
    workspace: Workspace, commune_id: str, path: Path
) -> Callable[[TaskContext], ImportPlan]:
    def work(ctx: TaskContext) -> ImportPlan:
        ctx.progress(0, 0, _("Reading the list…"))
        rows = read_list(path)
        ctx.raise_if_cancelled()
        ws = workspace.reopen()
        try:
            return plan_import(ws, commune_id, rows)
        finally:
            ws.close()

    return work


def import_task(workspace: Workspace, plan: ImportPlan) -> Callable[[TaskContext], int]:
    def work(ctx: TaskContext) -> int:
        ctx.progress(0, 0, _("Adding the units…"))
        ws = workspace.reopen()
        try:
            return len(apply.import_plan(ws, plan))
        finally:
            ws.close()

    return work
