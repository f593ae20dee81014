"""The report's words in the user's language: problems, results and states as short labels."""

from __future__ import annotations

from anninh_desktop.domain.assessments import STATE_LABELS, AssessmentState
from anninh_desktop.domain.criteria import EVIDENCE_KIND_LABELS
from anninh_desktop.i18n import _, ngettext
from anninh_desktop.services.formatting import format_date
from anninh_desktop.services.missing_report.content import MissingItem, MissingReport, Problem


def problem_text(item: MissingItem) -> str:
    """ "Not met; no evidence (Plan (KH), Minutes (BB))"."""
    parts: list[str] = []
    for problem in item.problems:
        if problem is Problem.NOT_MET:
            parts.append(_("Not met"))
        elif problem is Problem.NOT_ASSESSED:
            parts.append(_("Not assessed yet"))
        else:
            kinds = ", ".join(_(EVIDENCE_KIND_LABELS[k]) for k in item.required)
            parts.append(
                _("No evidence ({kinds})").format(kinds=kinds) if kinds else _("No evidence")
            )
    return "; ".join(parts)


def due_text(item: MissingItem) -> str:
    """ "31/03/2027", or "31/03/2027 — overdue by 12 days"; "" without a due date."""
    if item.due_date is None:
        return ""
    day = format_date(item.due_date)
    if not item.overdue:
        return day
    return ngettext(
        "{date} — overdue by {n} day", "{date} — overdue by {n} days", item.overdue_days
    ).format(date=day, n=item.overdue_days)


def plan_text(item: MissingItem) -> str:
    """The remediation plan; "" when none is written."""
    return item.remediation


def state_text(state: AssessmentState) -> str:
    return _(STATE_LABELS[state])


def report_title(report: MissingReport) -> str:
    return _("What is still missing — {scope}, {year}").format(
        scope=report.scope_name, year=report.year
    )


def summary_line(report: MissingReport) -> str:
    items = report.items
    not_met = sum(1 for i in items if Problem.NOT_MET in i.problems)
    not_assessed = sum(1 for i in items if Problem.NOT_ASSESSED in i.problems)
    no_evidence = sum(1 for i in items if Problem.NO_EVIDENCE in i.problems)
    return _(
        "As of {date}: {assessments} assessments; {not_met} criteria not met, {not_assessed} not "
        "assessed yet, {no_evidence} without the evidence they require; {overdue} overdue."
    ).format(
        date=format_date(report.today),
        assessments=len(report.sections),
        not_met=not_met,
        not_assessed=not_assessed,
        no_evidence=no_evidence,
        overdue=len(report.overdue_items),
    )
