"""The rows of a set file: groups → criteria → items (nested to any depth), includes unresolved."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from anninh_desktop.domain.criteria import (
    ComputedRule,
    ComputedRuleKind,
    Criterion,
    CriterionLevel,
    EvidenceKind,
    Scoring,
)
from anninh_desktop.domain.text import nfc
from anninh_desktop.domain.units import CHILD_KINDS, UnitKind
from anninh_desktop.i18n import _
from anninh_desktop.services.criteria_library.nodes import Fields, choose, is_null
from anninh_desktop.services.criteria_library.problems import ProblemSink

GROUP_FIELDS = ("ref", "number", "text", "text_en", "known", "criteria")
ROW_FIELDS = (
    "ref",
    "number",
    "text",
    "text_en",
    "known",
    "mandatory",
    "points",
    "evidence",
    "na_condition",
    "negative",
    "computed",
    "refers_to",
    "items",
    "include",
)
COMPUTED_FIELDS = ("kind", "child_kinds", "min_registered_percent", "min_recognised_percent")
INCLUDE_FIELDS = ("set", "version", "refs")

REF_PATTERN = re.compile(r"[^\s:]+")
REFERS_TO_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*:[^\s:]+")
EVIDENCE_CHOICES = {kind.value: kind for kind in EvidenceKind}
COMPUTED_KIND_CHOICES = {kind.value: kind for kind in ComputedRuleKind}
CHILD_KIND_CHOICES = {kind.value: kind for kind in CHILD_KINDS}


@dataclass(frozen=True)
class IncludeSpec:
    """`include: {set: tt124-khu-dan-cu, version: 1, refs: ["4.3"]}` on a criterion or item."""

    set_code: str
    version: int
    refs: tuple[tuple[str, Node], ...]  # each ref with its node, for the line of a problem
    node: Node
    path: str


@dataclass
class RawRow:
    """A row as read, with its children; parent links and assessable are set on flattening."""

    criterion: Criterion
    node: Node
    path: str
    children: list[RawRow] = field(default_factory=list)
    includes: list[IncludeSpec] = field(default_factory=list)
    # Fields that only make sense on an assessable row, with their node, checked after includes
    leaf_only: dict[str, Node] = field(default_factory=dict)


def default_number(ref: str) -> str:
    """The printed number a ref implies: its last dot-separated part ("4.3.đ" → "đ")."""
    return ref.rsplit(".", 1)[-1]


class RowReader:
    """Reads the `groups` or `criteria` of a set file into a tree of RawRow."""

    def __init__(self, sink: ProblemSink, scoring: Scoring) -> None:
        self.sink = sink
        self.scoring = scoring

    def read_top(self, top: Fields) -> list[RawRow]:
        if top.has("groups") and top.has("criteria"):
            top.problem(
                "criteria",
                _("give either groups (each with its criteria) or criteria, not both"),
            )
            return []
        if top.has("groups"):
            return [self._group(path, node) for path, node in top.sequence("groups")]
        criteria = top.sequence("criteria", required=True)
        return [self._row(path, node, CriterionLevel.CRITERION) for path, node in criteria]

    def _ref(self, fields: Fields) -> str:
        ref = fields.text("ref", required=True)
        if ref and not REF_PATTERN.fullmatch(ref):
            fields.problem("ref", _("a ref has no spaces and no colon, e.g. 4.3.a"))
        return ref

    def _group(self, path: str, node: Node) -> RawRow:
        fields = Fields(self.sink, node, path, GROUP_FIELDS)
        ref = self._ref(fields)
        row = RawRow(
            Criterion(
                ref=ref,
                level=CriterionLevel.GROUP,
                text=fields.text("text", required=True),
                number=fields.text("number"),
                text_en=fields.text("text_en"),
                assessable=False,
                known=fields.boolean("known", default=True),
            ),
            node,
            path,
        )
        for child_path, child in fields.sequence("criteria", required=fields.ok):
            row.children.append(self._row(child_path, child, CriterionLevel.CRITERION))
        return row

    def _row(self, path: str, node: Node, level: CriterionLevel) -> RawRow:
        fields = Fields(self.sink, node, path, ROW_FIELDS)
        ref = self._ref(fields)
        points = fields.number("points", minimum=0)
        if fields.has("points") and self.scoring is not Scoring.POINTS:
            fields.problem("points", _("points are only allowed when the set's scoring is points"))
            points = None
        refers_to = fields.text("refers_to")
        if refers_to and not REFERS_TO_PATTERN.fullmatch(refers_to):
            fields.problem(
                "refers_to", _("write it as <set code>:<ref>, e.g. tt124-khu-dan-cu:4.3.a")
            )
        row = RawRow(
            Criterion(
                ref=ref,
                level=level,
                text=fields.text("text", required=True),
                number=fields.text("number") or default_number(ref),
                text_en=fields.text("text_en"),
                mandatory=fields.boolean("mandatory", default=True),
                points=points,
                required_evidence=self._evidence(fields),
                na_condition=fields.text("na_condition"),
                negative=fields.boolean("negative", default=False),
                computed=self._computed(fields),
                refers_to=refers_to,
                known=fields.boolean("known", default=True),
            ),
            node,
            path,
        )
        for name in ("evidence", "na_condition", "computed"):
            value = fields.node_of(name)
            if value is not None and fields.has(name):
                row.leaf_only[name] = value
        for child_path, child in fields.sequence("items"):
            row.children.append(self._row(child_path, child, CriterionLevel.ITEM))
        items = fields.node_of("items")
        if isinstance(items, SequenceNode) and not items.value:
            fields.problem("items", _("must not be empty"))
        row.includes.extend(self._includes(fields))
        return row

    def _evidence(self, fields: Fields) -> tuple[EvidenceKind, ...]:
        kinds: list[EvidenceKind] = []
        for path, node in fields.sequence("evidence"):
            kind = choose(self.sink, node, fields.path, path.rsplit(".", 1)[-1], EVIDENCE_CHOICES)
            if kind is None:
                continue
            if kind in kinds:
                self.sink.add(
                    node,
                    fields.path,
                    path.rsplit(".", 1)[-1],
                    _("“{value}” is listed twice").format(value=kind.value),
                )
                continue
            kinds.append(kind)
        return tuple(kinds)

    def _computed(self, fields: Fields) -> ComputedRule | None:
        rule = fields.mapping("computed", COMPUTED_FIELDS)
        if rule is None:
            return None
        kind = rule.choice("kind", COMPUTED_KIND_CHOICES, required=True)
        child_kinds: list[UnitKind] = []
        for path, node in rule.sequence("child_kinds", required=True):
            child_kind = choose(self.sink, node, "", path, CHILD_KIND_CHOICES)
            if child_kind is not None and child_kind not in child_kinds:
                child_kinds.append(child_kind)
        registered = rule.integer("min_registered_percent", minimum=0, maximum=100)
        recognised = rule.integer("min_recognised_percent", minimum=0, maximum=100)
        if kind is None:
            return None
        return ComputedRule(
            kind=kind,
            child_kinds=tuple(child_kinds),
            min_registered_percent=100 if registered is None else registered,
            min_recognised_percent=70 if recognised is None else recognised,
        )

    def _includes(self, fields: Fields) -> list[IncludeSpec]:
        node = fields.node_of("include")
        if node is None or not fields.has("include"):
            return []
        if isinstance(node, MappingNode):
            entries = [(f"{fields.path}.include", node)]
        else:
            entries = fields.sequence("include")
        specs: list[IncludeSpec] = []
        for path, entry in entries:
            include = Fields(self.sink, entry, path, INCLUDE_FIELDS)
            if not include.ok:
                continue
            code = include.text("set", required=True)
            version = include.integer("version", required=True, minimum=1)
            refs: list[tuple[str, Node]] = []
            for ref_path, ref_node in include.sequence("refs", required=True):
                scalar = isinstance(ref_node, ScalarNode) and not is_null(ref_node)
                ref = nfc(str(ref_node.value)).strip() if scalar else ""
                if ref:
                    refs.append((ref, ref_node))
                else:
                    self.sink.add(ref_node, "", ref_path, _("must be a ref such as 4.3.a"))
            if code and version is not None and refs:
                specs.append(IncludeSpec(code, version, tuple(refs), entry, path))
        return specs
