"""Resolving `include` against other sets, and flattening the row tree into document order.

An included row gets the ref `<ref of the including row>.<ref in the source set>`: commune
criterion "5.2" that includes residential-area "4.3.a" gets "5.2.4.3.a", with refers_to
"tt124-khu-dan-cu:4.3.a". Refs written in a set have at most three parts (Điều.khoản.điểm), so the
longer included refs do not meet them, and the duplicate check below catches any set that tries.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from anninh_desktop.domain.criteria import Criterion, CriterionLevel, CriterionSet, Scoring
from anninh_desktop.i18n import _
from anninh_desktop.services.criteria_library.problems import CriterionSetError, ProblemSink
from anninh_desktop.services.criteria_library.rows import IncludeSpec, RawRow

# Given a set code and version, the loaded set; raises IncludeError or CriterionSetError.
Resolver = Callable[[str, int], CriterionSet]


class IncludeError(Exception):
    """An include that cannot be resolved; the message is translated and says why."""


def expand_includes(
    rows: list[RawRow], resolver: Resolver | None, sink: ProblemSink, scoring: Scoring
) -> None:
    """Append the rows each `include` names to the including row's children, in the order listed."""
    for row in rows:
        expand_includes(row.children, resolver, sink, scoring)
        for spec in row.includes:
            source = _resolve(spec, resolver, sink)
            if source is not None:
                row.children.extend(_included_rows(row, spec, source, sink, scoring))


def _resolve(
    spec: IncludeSpec, resolver: Resolver | None, sink: ProblemSink
) -> CriterionSet | None:
    if resolver is None:
        sink.add(
            spec.node,
            spec.path,
            "set",
            _("cannot look up set {set}: the file was not read from a folder of sets").format(
                set=spec.set_code
            ),
        )
        return None
    try:
        return resolver(spec.set_code, spec.version)
    except IncludeError as exc:
        sink.add(spec.node, spec.path, "set", str(exc))
    except CriterionSetError as exc:
        sink.add(
            spec.node,
            spec.path,
            "set",
            _("set {set} version {version} cannot be used: {problem}").format(
                set=spec.set_code, version=spec.version, problem=str(exc.problems[0])
            ),
        )
    return None


def _ancestors(source: CriterionSet, ref: str) -> list[str]:
    found: list[str] = []
    parent = source.criterion(ref).parent_ref
    while parent is not None:
        found.append(parent)
        parent = source.criterion(parent).parent_ref
    return found


def _included_rows(
    host: RawRow, spec: IncludeSpec, source: CriterionSet, sink: ProblemSink, scoring: Scoring
) -> list[RawRow]:
    chosen: list[str] = []
    for ref, node in spec.refs:
        try:
            criterion = source.criterion(ref)
        except KeyError:
            sink.add(
                node,
                spec.path,
                "refs",
                _("set {set} version {version} has no criterion “{ref}”").format(
                    set=source.code, version=source.version, ref=ref
                ),
            )
            continue
        if criterion.level is CriterionLevel.GROUP:
            sink.add(
                node, spec.path, "refs", _("“{ref}” is a group; name its criteria").format(ref=ref)
            )
            continue
        overlap = [other for other in chosen if other in _ancestors(source, ref)]
        overlap += [other for other in chosen if ref in _ancestors(source, other)]
        if ref in chosen or overlap:
            sink.add(
                node,
                spec.path,
                "refs",
                _("“{ref}” is already included with “{other}”").format(
                    ref=ref, other=(overlap or [ref])[0]
                ),
            )
            continue
        chosen.append(ref)
    return [
        _copy(host.criterion.ref, source, source.criterion(ref), spec, scoring) for ref in chosen
    ]


def _copy(
    prefix: str, source: CriterionSet, original: Criterion, spec: IncludeSpec, scoring: Scoring
) -> RawRow:
    """A verbatim copy of a source row and its sub-rows, under the including row."""
    copied = replace(
        original,
        ref=f"{prefix}.{original.ref}",
        level=CriterionLevel.ITEM,
        parent_ref=None,
        assessable=True,
        points=original.points if scoring is Scoring.POINTS else None,
        refers_to=f"{source.code}:{original.ref}",
    )
    row = RawRow(copied, spec.node, spec.path)
    row.children = [
        _copy(prefix, source, child, spec, scoring) for child in source.children(original.ref)
    ]
    return row


def flatten(rows: list[RawRow], sink: ProblemSink) -> tuple[Criterion, ...]:
    """The rows in document order with parent links; checks refs are unique and leaf-only fields."""
    flat: list[Criterion] = []
    first_line: dict[str, int] = {}

    def visit(row: RawRow, parent_ref: str | None) -> None:
        criterion = row.criterion
        line = row.node.start_mark.line + 1
        if criterion.ref and criterion.ref in first_line:
            sink.add(
                row.node,
                row.path,
                "ref",
                _("ref “{ref}” is used twice (first on line {line})").format(
                    ref=criterion.ref, line=first_line[criterion.ref]
                ),
            )
        else:
            first_line.setdefault(criterion.ref, line)
        if row.children:
            for name, node in row.leaf_only.items():
                sink.add(
                    node,
                    row.path,
                    name,
                    _("only a row without sub-items can carry this; move it to its items"),
                )
        assessable = criterion.level is not CriterionLevel.GROUP and not row.children
        flat.append(replace(criterion, parent_ref=parent_ref, assessable=assessable))
        for child in row.children:
            visit(child, criterion.ref)

    for row in rows:
        visit(row, None)
    return tuple(flat)
