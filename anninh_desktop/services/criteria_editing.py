"""Writing criterion sets in the program: a new version of a stored set, or a province's own set.

Stored versions never change (assessments are pinned to them). The editor works on a draft — the
set-level fields as a CriterionSet plus a tree of `DraftRow`s — and saving writes the draft out with
`dump_set`, loads that text back with the same loader as an imported file, and stores it as the next
version of its code. Only an appraising (province) office may do this.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from anninh_desktop.domain.criteria import (
    PERIOD_01_NOV,
    PERIOD_16_NOV,
    Criterion,
    CriterionLevel,
    CriterionSet,
)
from anninh_desktop.domain.units import UnitKind
from anninh_desktop.domain.workflow import Actor
from anninh_desktop.i18n import _
from anninh_desktop.services.criteria_library import (
    CriterionSetError,
    Problem,
    dump_set,
    parse_set_text,
    set_id,
    validate_set_text,
)
from anninh_desktop.services.criteria_library.header import CODE_PATTERN, PROVINCE_PATTERN
from anninh_desktop.services.criteria_library.rows import default_number
from anninh_desktop.services.criteria_service import import_set_file
from anninh_desktop.services.errors import UserError
from anninh_desktop.services.office_settings import office_role
from anninh_desktop.services.workspace import Workspace
from anninh_desktop.storage.criteria_repo import SetVersionExists

log = logging.getLogger(__name__)


class SetValidationError(UserError):
    """A set text or draft that does not load; `problems` lists each with its line and field."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = list(problems)
        lines = [_("The criterion set has problems:"), *(str(p) for p in self.problems)]
        super().__init__("\n".join(lines))


@dataclass(eq=False)
class DraftRow:
    """One row of a set being edited, with its sub-rows in order (identity matters, not value).

    `placeholder` keeps the text of a `known: false` slot, so that clearing a filled-in text turns
    the row back into the unknown slot it was.
    """

    row: Criterion
    children: list[DraftRow] = field(default_factory=list)
    placeholder: str = ""


# ------------------------------------------------------------------------------ who may edit


def edit_refusal(ws: Workspace) -> str:
    """Why this installation may not write criterion sets; "" when it may (a province office)."""
    if office_role(ws) is Actor.APPRAISER:
        return ""
    return _(
        "Only a province's office may edit or write criterion sets; this office is set up as "
        "a province's office in Sync ▸ This office and other offices."
    )


def _require_editor(ws: Workspace) -> None:
    reason = edit_refusal(ws)
    if reason:
        raise UserError(reason)


# ------------------------------------------------------------------------------ starting a draft


def next_version(ws: Workspace, code: str) -> int:
    """The version number the next saved version of `code` gets."""
    latest = ws.store.criteria.latest(code)
    return latest.version + 1 if latest else 1


def copy_for_editing(ws: Workspace, set_id_: str) -> CriterionSet:
    """A stored version as the start of the next version of its code (stored version untouched)."""
    source = ws.store.criteria.get(set_id_)
    version = next_version(ws, source.code)
    return dataclasses.replace(
        source, id=set_id(source.code, version), version=version, source_sha256=""
    )


def blank_provincial_set(
    ws: Workspace, code: str, title: str, unit_kinds: Sequence[UnitKind], province_code: str
) -> CriterionSet:
    """An empty version 1 of a province's own set; refuses a code that is taken or malformed."""
    code = code.strip()
    title = title.strip()
    province_code = province_code.strip()
    if not CODE_PATTERN.fullmatch(code):
        raise UserError(
            _("A set code uses lower-case letters a–z, digits and hyphens, e.g. {example}").format(
                example="p96-khu-dan-cu-kieu-mau"
            )
        )
    if ws.store.criteria.latest(code) is not None:
        raise UserError(
            _(
                "A set with code {code} already exists; choose another code, or select it and "
                "make a new version of it"
            ).format(code=code)
        )
    if not PROVINCE_PATTERN.fullmatch(province_code):
        raise UserError(_("A province code has two digits, e.g. 96"))
    if not title:
        raise UserError(_("Enter the title of the set"))
    if not unit_kinds:
        raise UserError(_("Choose at least one kind of unit the set is for"))
    # residential areas count their period from 1 November, every other kind from 16 November
    period = PERIOD_01_NOV if set(unit_kinds) == {UnitKind.RESIDENTIAL_AREA} else PERIOD_16_NOV
    return CriterionSet(
        id=set_id(code, 1),
        code=code,
        version=1,
        title=title,
        unit_kinds=tuple(unit_kinds),
        period_rule=period,
        province_code=province_code,
    )


def draft_rows(s: CriterionSet) -> list[DraftRow]:
    """The rows of a set as an editable tree."""

    def build(parent: str | None) -> list[DraftRow]:
        return [
            DraftRow(c, build(c.ref), placeholder="" if c.known else c.text)
            for c in s.children(parent)
        ]

    return build(None)


# ------------------------------------------------------------------------------ draft → set


def walk(top: Sequence[DraftRow]) -> Iterator[tuple[str, DraftRow]]:
    """Every row with its path in the set file (`groups[0].criteria[2].items[1]`), in file order."""
    has_groups = any(r.row.level is CriterionLevel.GROUP for r in top)

    def visit(rows: Sequence[DraftRow], prefix: str, key: str) -> Iterator[tuple[str, DraftRow]]:
        for index, row in enumerate(rows):
            path = f"{prefix}.{key}[{index}]" if prefix else f"{key}[{index}]"
            yield path, row
            yield from visit(row.children, path, "criteria" if key == "groups" else "items")

    yield from visit(top, "", "groups" if has_groups else "criteria")


def row_of_problem(top: Sequence[DraftRow], problem: Problem) -> DraftRow | None:
    """The row a problem concerns (the deepest row whose path starts its path), or None for the set."""
    found: DraftRow | None = None
    best = -1
    for path, row in walk(top):
        if (problem.path == path or problem.path.startswith((path + ".", path + "["))) and len(
            path
        ) > best:
            found, best = row, len(path)
    return found


def assemble(header: CriterionSet, top: Sequence[DraftRow]) -> CriterionSet:
    """The set of a draft: header fields plus the rows flattened, levels and parents from the tree."""
    has_groups = any(r.row.level is CriterionLevel.GROUP for r in top)
    rows: list[Criterion] = []

    def visit(items: Sequence[DraftRow], parent: str | None, depth: int) -> None:
        for item in items:
            if depth == 0 and has_groups:
                level = CriterionLevel.GROUP
            elif depth == (1 if has_groups else 0):
                level = CriterionLevel.CRITERION
            else:
                level = CriterionLevel.ITEM
            number = item.row.number
            if not number and level is not CriterionLevel.GROUP:
                number = default_number(item.row.ref)  # what the loader reads for a missing number
            rows.append(
                dataclasses.replace(
                    item.row,
                    number=number,
                    level=level,
                    parent_ref=parent,
                    assessable=level is not CriterionLevel.GROUP and not item.children,
                )
            )
            visit(item.children, item.row.ref, depth + 1)

    visit(top, None, 0)
    complete = header.complete and all(c.known for c in rows)
    return dataclasses.replace(header, criteria=tuple(rows), complete=complete, source_sha256="")


def source_name(s: CriterionSet) -> str:
    """The file name a set version is checked and reported under."""
    return f"{s.code}.v{s.version}.yaml"


def check_draft(header: CriterionSet, top: Sequence[DraftRow]) -> list[Problem]:
    """Every problem of a draft, with the set-file path of the row it concerns; [] when it saves."""
    name = source_name(header)
    problems: list[Problem] = []
    top_levels = {r.row.level is CriterionLevel.GROUP for r in top}
    if len(top_levels) > 1:
        problems.append(Problem(name, 0, "", "", _("either every top row is a group, or none is")))
    seen: set[str] = set()
    for path, item in walk(top):
        if item.row.level is CriterionLevel.GROUP and not item.children:
            problems.append(Problem(name, 0, path, "criteria", _("a group needs criteria")))
        if item.row.ref in seen:
            problems.append(
                Problem(
                    name, 0, path, "ref", _("ref “{ref}” is used twice").format(ref=item.row.ref)
                )
            )
        seen.add(item.row.ref)
    if problems:
        return problems
    try:
        text = dump_set(assemble(header, top))
    except ValueError as exc:  # a tree the format cannot hold; the checks above should prevent it
        log.warning("draft of %s cannot be written: %s", header.code, exc)
        return [Problem(name, 0, "", "", _("the rows do not form groups ▸ criteria ▸ items"))]
    return validate_set_text(text, name)


# ------------------------------------------------------------------------------ saving


def save_new_version(ws: Workspace, edited: CriterionSet) -> CriterionSet:
    """Store an edited set as the next version of its code (validated like an imported file)."""
    _require_editor(ws)
    version = next_version(ws, edited.code)
    candidate = dataclasses.replace(edited, version=version, id=set_id(edited.code, version))
    try:
        text = dump_set(candidate)
    except ValueError as exc:
        raise UserError(_("The rows do not form groups ▸ criteria ▸ items")) from exc
    try:
        saved = parse_set_text(text, source_name(candidate))
    except CriterionSetError as exc:
        raise SetValidationError(exc.problems) from exc
    try:
        with ws.store.change() as stamp:
            ws.store.criteria.add(saved, text, ws.clock(), stamp)
            ws.record(
                stamp,
                "criteria.edit",
                "criterion_set",
                saved.id,
                None,
                {"code": saved.code, "version": saved.version, "sha256": saved.source_sha256},
            )
    except SetVersionExists as exc:  # another window saved the same version meanwhile
        raise UserError(
            _("Version {version} of {code} was saved meanwhile; start again from it").format(
                version=version, code=saved.code
            )
        ) from exc
    log.info("saved criterion set %s v%s", saved.code, saved.version)
    return saved


def import_set(ws: Workspace, path: Path) -> tuple[CriterionSet, bool]:
    """import_set_file, but a file that does not load raises SetValidationError with its problems."""
    try:
        return import_set_file(ws, path)
    except UserError as exc:
        # read_set_file flattens the problems into a message; the structured list is the cause
        cause = exc.__cause__
        if isinstance(cause, CriterionSetError):
            raise SetValidationError(cause.problems) from cause
        raise
