"""The set-level fields of a criterion set file: identity, legal basis, scope, period, scoring."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from anninh_desktop.domain.criteria import Deadline, LegalBasis, PeriodRule, Scoring, Threshold
from anninh_desktop.domain.units import CERTIFIED_KINDS, UnitKind
from anninh_desktop.i18n import _
from anninh_desktop.services.criteria_library.nodes import Fields, choose
from anninh_desktop.services.criteria_library.problems import ProblemSink

FORMAT_VERSION = 1

TOP_FIELDS = (
    "format",
    "code",
    "version",
    "title",
    "title_en",
    "unit_kinds",
    "province",
    "valid_from",
    "valid_to",
    "period",
    "scoring",
    "max_points",
    "thresholds",
    "legal_basis",
    "authority",
    "deadlines",
    "complete",
    "notes",
    "groups",
    "criteria",
)
LEGAL_BASIS_FIELDS = ("document", "issuer", "issued_on", "title", "in_force_from")
PERIOD_FIELDS = ("start_month", "start_day")
THRESHOLD_FIELDS = ("label", "min_points")
DEADLINE_FIELDS = ("label", "month", "day")

CODE_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
PROVINCE_PATTERN = re.compile(r"[0-9]{2}")
UNIT_KIND_CHOICES = {kind.value: kind for kind in CERTIFIED_KINDS}
SCORING_CHOICES = {scoring.value: scoring for scoring in Scoring}
# Any year that is not a leap year: a period or deadline on 29 February would not exist every year.
_PLAIN_YEAR = 2001


@dataclass(frozen=True)
class SetHeader:
    """Everything of a set but its criteria, its id and its hash."""

    code: str
    version: int
    title: str
    unit_kinds: tuple[UnitKind, ...]
    period_rule: PeriodRule
    legal_basis: tuple[LegalBasis, ...]
    title_en: str
    province_code: str
    valid_from: date | None
    valid_to: date | None
    scoring: Scoring
    max_points: float | None
    thresholds: tuple[Threshold, ...]
    authority: str
    deadlines: tuple[Deadline, ...]
    complete: bool
    notes: str


def read_header(top: Fields) -> SetHeader:
    """Read and check the set-level fields; problems go to the sink, defaults stand in for them."""
    sink = top.sink
    fmt = top.integer("format", minimum=1)
    if fmt is not None and fmt > FORMAT_VERSION:
        top.problem(
            "format",
            _(
                "this file uses format {found}, newer than this program reads ({known}); "
                "update An Ninh Desktop"
            ).format(found=fmt, known=FORMAT_VERSION),
        )
    code = top.text("code", required=True)
    if code and not CODE_PATTERN.fullmatch(code):
        top.problem(
            "code", _("use lower-case letters a–z, digits and hyphens, e.g. tt124-khu-dan-cu")
        )
    version = top.integer("version", required=True, minimum=1) or 0
    title = top.text("title", required=True)
    province = top.text("province")
    if province and not PROVINCE_PATTERN.fullmatch(province):
        top.problem(
            "province",
            _('a province code has two digits, e.g. "96"; leave it empty for a national set'),
        )
    valid_from = top.day("valid_from")
    valid_to = top.day("valid_to")
    if valid_from and valid_to and valid_to < valid_from:
        top.problem("valid_to", _("ends before valid_from"))
    scoring = top.choice("scoring", SCORING_CHOICES) or Scoring.PASS_FAIL
    max_points, thresholds = _read_scoring(top, scoring)
    return SetHeader(
        code=code,
        version=version,
        title=title,
        unit_kinds=_read_unit_kinds(top),
        period_rule=_read_period(top),
        legal_basis=_read_legal_basis(top),
        title_en=top.text("title_en"),
        province_code=province,
        valid_from=valid_from,
        valid_to=valid_to,
        scoring=scoring,
        max_points=max_points,
        thresholds=thresholds,
        authority=top.text("authority"),
        deadlines=_read_deadlines(top, sink),
        complete=top.boolean("complete", default=True),
        notes=top.text("notes"),
    )


def _read_unit_kinds(top: Fields) -> tuple[UnitKind, ...]:
    kinds: list[UnitKind] = []
    for path, node in top.sequence("unit_kinds", required=True):
        kind = choose(top.sink, node, "", path, UNIT_KIND_CHOICES)
        if kind is None:
            continue
        if kind in kinds:
            top.sink.add(node, "", path, _("“{value}” is listed twice").format(value=kind.value))
            continue
        kinds.append(kind)
    return tuple(kinds)


def _check_month_day(fields: Fields, month_field: str, day_field: str) -> tuple[int, int] | None:
    month = fields.integer(month_field, required=True, minimum=1, maximum=12)
    day = fields.integer(day_field, required=True, minimum=1, maximum=31)
    if month is None or day is None:
        return None
    try:
        date(_PLAIN_YEAR, month, day)
    except ValueError:
        fields.problem(
            day_field,
            _("day {day} does not exist in month {month} every year").format(day=day, month=month),
        )
        return None
    return month, day


def _read_period(top: Fields) -> PeriodRule:
    period = top.mapping("period", PERIOD_FIELDS, required=True)
    checked = _check_month_day(period, "start_month", "start_day") if period else None
    return PeriodRule(*checked) if checked else PeriodRule(1, 1)


def _read_legal_basis(top: Fields) -> tuple[LegalBasis, ...]:
    found: list[LegalBasis] = []
    for path, node in top.sequence("legal_basis"):
        fields = Fields(top.sink, node, path, LEGAL_BASIS_FIELDS)
        if not fields.ok:
            continue
        issued_on = fields.day("issued_on")
        in_force_from = fields.day("in_force_from")
        if issued_on and in_force_from and in_force_from < issued_on:
            fields.problem("in_force_from", _("is before the date of issue"))
        found.append(
            LegalBasis(
                document=fields.text("document", required=True),
                issuer=fields.text("issuer"),
                issued_on=issued_on,
                title=fields.text("title"),
                in_force_from=in_force_from,
            )
        )
    return tuple(found)


def _read_scoring(top: Fields, scoring: Scoring) -> tuple[float | None, tuple[Threshold, ...]]:
    if scoring is not Scoring.POINTS:
        for name in ("max_points", "thresholds"):
            if top.has(name):
                top.problem(name, _("only allowed when scoring is points"))
        return None, ()
    max_points = top.number("max_points", minimum=0)
    if max_points is None and not top.has("max_points"):
        top.problem("max_points", _("required field missing"))
    thresholds: list[Threshold] = []
    for path, node in top.sequence("thresholds"):
        fields = Fields(top.sink, node, path, THRESHOLD_FIELDS)
        if not fields.ok:
            continue
        label = fields.text("label", required=True)
        min_points = fields.number("min_points", minimum=0)
        if min_points is None:
            if not fields.has("min_points"):
                fields.problem("min_points", _("required field missing"))
            continue
        if max_points is not None and min_points > max_points:
            fields.problem("min_points", _("is more than max_points"))
        if thresholds and min_points >= thresholds[-1].min_points:
            fields.problem(
                "min_points",
                _(
                    "thresholds go from the best class down: "
                    "each needs fewer points than the one before"
                ),
            )
        if any(t.label == label for t in thresholds):
            fields.problem("label", _("“{value}” is listed twice").format(value=label))
        thresholds.append(Threshold(label=label, min_points=min_points))
    return max_points, tuple(thresholds)


def _read_deadlines(top: Fields, sink: ProblemSink) -> tuple[Deadline, ...]:
    found: list[Deadline] = []
    for path, node in top.sequence("deadlines"):
        fields = Fields(sink, node, path, DEADLINE_FIELDS)
        if not fields.ok:
            continue
        label = fields.text("label", required=True)
        checked = _check_month_day(fields, "month", "day")
        if checked:
            found.append(Deadline(label=label, month=checked[0], day=checked[1]))
    return tuple(found)
