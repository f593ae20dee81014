"""Reading a statistics form file (YAML) into a checked, immutable StatisticsForm.

The same machinery as criterion set files (services/criteria_library): every problem names the
file, the line and the field, unknown fields get a suggestion, all problems are listed at once.
Format: docs/movement.md.
"""

from __future__ import annotations

import hashlib
import re
import uuid
from collections.abc import Mapping
from datetime import date
from typing import Any

import yaml
from yaml.nodes import Node

from anninh_desktop.domain.movement import DocumentRole, OrganisationKind, StruckOffReason
from anninh_desktop.domain.movement_form import (
    ASSESSMENT_KINDS,
    ORGANISATION_KINDS,
    Computation,
    ComputedKind,
    DossierRule,
    EntryKind,
    FormField,
    FormGroup,
    StatisticsForm,
    Total,
)
from anninh_desktop.domain.movement_periods import YearStart
from anninh_desktop.domain.units import CERTIFIED_KINDS
from anninh_desktop.i18n import _
from anninh_desktop.services.criteria_library.header import CODE_PATTERN, PROVINCE_PATTERN
from anninh_desktop.services.criteria_library.nodes import Fields, choose
from anninh_desktop.services.criteria_library.problems import (
    CriterionSetError,
    Problem,
    ProblemSink,
)

FORMAT_VERSION = 1
# Fixed for ever: a form id is uuid5(FORM_ID_NAMESPACE, "<code>:<version>").
FORM_ID_NAMESPACE = uuid.UUID("0c1f3a52-8d6e-5b47-a1e2-6f9d4b3c2e10")

TOP_FIELDS = (
    "format",
    "code",
    "version",
    "title",
    "title_en",
    "official",
    "province",
    "issuer",
    "document",
    "issued_on",
    "notes",
    "year_start",
    "site_dossier",
    "groups",
)
GROUP_FIELDS = ("key", "number", "title", "title_en", "fields")
FIELD_FIELDS = (
    "key",
    "label",
    "label_en",
    "measure",
    "entered",
    "computed",
    "total",
    "compare",
    "chart",
)
COMPUTED_FIELDS = ("count", "unit_kinds", "sets", "reasons", "organisation_kinds")
TOTAL_FIELDS = (*COMPUTED_FIELDS, "fields")
DOSSIER_FIELDS = ("required", "minutes_within_months", "team_required")
YEAR_START_FIELDS = ("month", "day")
SET_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*-?\*?")

_UNIT_KINDS = {k.value: k for k in CERTIFIED_KINDS}
_ENTRY = {k.value: k for k in EntryKind}
_COMPUTED = {k.value: k for k in ComputedKind}
_REASONS = {r.value: r for r in StruckOffReason}
_ORG_KINDS = {k.value: k for k in OrganisationKind}
_ROLES = {r.value: r for r in DocumentRole}


class FormFileError(CriterionSetError):
    """A form file that cannot be used; `problems` lists everything found."""


def form_id(code: str, version: int) -> str:
    return uuid.uuid5(FORM_ID_NAMESPACE, f"{code}:{version}").hex


def parse_form_bytes(data: bytes, source_name: str) -> StatisticsForm:
    """Parse and check a form file's bytes; FormFileError lists every problem."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        problem = Problem(source_name, 0, "", "", _("the file is not UTF-8 text; save it as UTF-8"))
        raise FormFileError([problem]) from exc
    return parse_form_text(text, source_name, hashlib.sha256(data).hexdigest())


def parse_form_text(text: str, source_name: str, digest: str = "") -> StatisticsForm:
    sink = ProblemSink(source_name)
    root = _compose(text, sink)
    if root is None:
        raise FormFileError(sink.problems)
    top = Fields(sink, root, "", TOP_FIELDS)
    if not top.ok:
        raise FormFileError(sink.problems)
    form_format = top.integer("format", minimum=1)
    if form_format is not None and form_format > FORMAT_VERSION:
        top.problem("format", _("this file needs a newer version of the program"))
    code = top.text("code", required=True)
    if code and not CODE_PATTERN.fullmatch(code):
        top.problem("code", _("use lower-case letters a–z, digits and hyphens only"))
    version = top.integer("version", required=True, minimum=1) or 1
    province = top.text("province")
    if province and not PROVINCE_PATTERN.fullmatch(province):
        top.problem("province", _('a province code has two digits, e.g. "96"'))
    groups = _groups(top)
    form = StatisticsForm(
        id=form_id(code, version),
        code=code,
        version=version,
        title=top.text("title", required=True),
        title_en=top.text("title_en"),
        official=top.boolean("official", default=False),
        province_code=province,
        issuer=top.text("issuer"),
        document=top.text("document"),
        issued_on=top.day("issued_on"),
        notes=top.text("notes"),
        year_start=_year_start(top),
        dossier=_dossier(top),
        groups=groups,
        source_sha256=digest or hashlib.sha256(text.encode("utf-8")).hexdigest(),
    )
    _check_references(top, form)
    if sink.problems:
        raise FormFileError(sink.problems)
    return form


def _compose(text: str, sink: ProblemSink) -> Node | None:
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        node: Node | None = yaml.compose(text, Loader=loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        detail = ": ".join(part for part in (exc.context, exc.problem) if part)
        sink.add(mark, "", "", _("not valid YAML: {detail}").format(detail=detail))
        return None
    except yaml.YAMLError as exc:
        sink.add(None, "", "", _("not valid YAML: {detail}").format(detail=str(exc)))
        return None
    if node is None:
        sink.add(None, "", "", _("the file is empty"))
    return node


def _year_start(top: Fields) -> YearStart:
    fields = top.mapping("year_start", YEAR_START_FIELDS)
    if fields is None:
        return YearStart()
    month = fields.integer("month", required=True, minimum=1, maximum=12)
    day = fields.integer("day", required=True, minimum=1, maximum=31)
    if month is None or day is None:
        return YearStart()
    try:
        date(2001, month, day)  # not a leap year: the day must exist every year
    except ValueError:
        fields.problem(
            "day",
            _("day {day} does not exist in month {month} every year").format(day=day, month=month),
        )
        return YearStart()
    return YearStart(month, day)


def _dossier(top: Fields) -> DossierRule:
    fields = top.mapping("site_dossier", DOSSIER_FIELDS)
    if fields is None:
        return DossierRule()
    roles = tuple(
        role
        for path, node in fields.sequence("required")
        if (role := choose(fields.sink, node, "", path, _ROLES)) is not None
    )
    months = fields.integer("minutes_within_months", minimum=0, maximum=60)
    return DossierRule(
        required=roles,
        minutes_within_months=6 if months is None else months,
        team_required=fields.boolean("team_required", default=True),
    )


def _groups(top: Fields) -> tuple[FormGroup, ...]:
    groups: list[FormGroup] = []
    keys: set[str] = set()
    for path, node in top.sequence("groups", required=True):
        g = Fields(top.sink, node, path, GROUP_FIELDS)
        if not g.ok:
            continue
        fields = []
        for field_path, field_node in g.sequence("fields", required=True):
            f = _field(Fields(top.sink, field_node, field_path, FIELD_FIELDS), keys)
            if f is not None:
                fields.append(f)
        groups.append(
            FormGroup(
                key=_key(g, keys),
                title=g.text("title", required=True),
                number=g.text("number"),
                title_en=g.text("title_en"),
                fields=tuple(fields),
            )
        )
    return tuple(groups)


def _key(fields: Fields, taken: set[str]) -> str:
    key = fields.text("key", required=True)
    if key and not CODE_PATTERN.fullmatch(key):
        fields.problem("key", _("use lower-case letters a–z, digits and hyphens only"))
    elif key in taken:
        fields.problem("key", _("“{value}” is used twice in this form").format(value=key))
    taken.add(key)
    return key


def _field(f: Fields, taken: set[str]) -> FormField | None:
    if not f.ok:
        return None
    key = _key(f, taken)
    entry = f.choice("entered", _ENTRY)
    computed = _computation(f.mapping("computed", COMPUTED_FIELDS), "computed", f)
    if f.has("entered") and f.has("computed"):
        f.problem("computed", _("give either “entered” or “computed”, not both"))
    elif not f.has("entered") and not f.has("computed"):
        f.problem("entered", _("give either “entered” or “computed”"))
    total = _total(f)
    if entry is EntryKind.FLAG and (
        total is None or total.computation is None or total.computation.kind != ComputedKind.UNITS
    ):
        f.problem("total", _("a yes/no field needs a total that counts units"))
    return FormField(
        key=key,
        label=f.text("label", required=True),
        label_en=f.text("label_en"),
        measure=f.text("measure"),
        entry=entry,
        computed=computed,
        total=total,
        compare=f.boolean("compare", default=False),
        chart=f.boolean("chart", default=False),
    )


def _total(f: Fields) -> Total | None:
    fields = f.mapping("total", TOTAL_FIELDS)
    if fields is None:
        return None
    named = tuple(
        str(getattr(node, "value", "")).strip() for _path, node in fields.sequence("fields")
    )
    if named and fields.has("count"):
        fields.problem("fields", _("give either “count” or “fields”, not both"))
    if named:
        return Total(fields=named)
    computation = _computation(fields, "total", f)
    if computation is None:
        if fields.ok:
            fields.problem("count", _("required field missing"))
        return None
    return Total(computation=computation)


def _computation(fields: Fields | None, name: str, owner: Fields) -> Computation | None:
    if fields is None:
        return None
    kind = fields.choice("count", _COMPUTED, required=name == "computed")
    if kind is None:
        return None

    def words(field: str, choices: Mapping[str, Any]) -> tuple[Any, ...]:
        found = []
        for path, node in fields.sequence(field):
            value = choose(fields.sink, node, "", path, choices)
            if value is not None:
                found.append(value)
        return tuple(found)

    sets: list[str] = []
    for path, node in fields.sequence("sets"):
        text = str(getattr(node, "value", "")).strip()
        if not SET_PATTERN.fullmatch(text):
            fields.sink.add(node, "", path, _("a set code, or its beginning followed by *"))
        else:
            sets.append(text)
    if sets and kind not in ASSESSMENT_KINDS:
        fields.problem("sets", _("only counts of assessments take “sets”"))
    if fields.has("reasons") and kind is not ComputedKind.SITES_STRUCK_OFF:
        fields.problem("reasons", _("only sites_struck_off takes “reasons”"))
    if fields.has("organisation_kinds") and kind not in ORGANISATION_KINDS:
        fields.problem("organisation_kinds", _("only counts of organisations take this field"))
    return Computation(
        kind=kind,
        unit_kinds=words("unit_kinds", _UNIT_KINDS),
        sets=tuple(sets),
        reasons=words("reasons", _REASONS),
        organisation_kinds=words("organisation_kinds", _ORG_KINDS),
    )


def _check_references(top: Fields, form: StatisticsForm) -> None:
    """Totals made of fields name entered fields of this form."""
    entered = {f.key for f in form.fields() if f.entered}
    for group_index, group in enumerate(form.groups):
        for field_index, f in enumerate(group.fields):
            if f.total is None:
                continue
            for name in f.total.fields:
                if name not in entered:
                    top.sink.add(
                        top.node_of("groups"),
                        f"groups[{group_index}].fields[{field_index}].total",
                        "fields",
                        _("“{value}” is not an entered field of this form").format(value=name),
                    )
