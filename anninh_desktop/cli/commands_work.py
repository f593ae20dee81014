"""`anninh register | result set | evidence add | status | transition`."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import Any

from anninh_desktop.cli import evidence_add, evidence_links, history_command
from anninh_desktop.cli.context import add_assessment_arguments, find_assessment, open_ws
from anninh_desktop.cli.lazy import lazy_function, lazy_module
from anninh_desktop.cli.output import clip, say, table
from anninh_desktop.domain.assessments import (
    RESULT_LABELS,
    STATE_LABELS,
    WORK_STATUS_LABELS,
    AssessmentState,
    ResultValue,
    WorkStatus,
)
from anninh_desktop.domain.workflow import Actor
from anninh_desktop.i18n import _
from anninh_desktop.services.errors import UserError

# Imported when a command runs, not when the parser is built (anninh_desktop/cli/lazy.py).
appraisal_service = lazy_module("anninh_desktop.services.appraisal_service")
assessment_service = lazy_module("anninh_desktop.services.assessment_service")
find_set = lazy_function("anninh_desktop.services.criteria_service", "find_set")
find_unit = lazy_function("anninh_desktop.services.units_service", "find_unit")

RESULT_WORDS = {
    "met": ResultValue.MET,
    "dat": ResultValue.MET,
    "1": ResultValue.MET,
    "not_met": ResultValue.NOT_MET,
    "chua_dat": ResultValue.NOT_MET,
    "2": ResultValue.NOT_MET,
    "na": ResultValue.NOT_APPLICABLE,
    "not_applicable": ResultValue.NOT_APPLICABLE,
    "3": ResultValue.NOT_APPLICABLE,
    "none": ResultValue.NOT_ASSESSED,
    "not_assessed": ResultValue.NOT_ASSESSED,
    "0": ResultValue.NOT_ASSESSED,
}


def _date(text: str) -> date:
    for parse in (date.fromisoformat, lambda t: date(*reversed([int(x) for x in t.split("/")]))):
        try:
            return parse(text)
        except (ValueError, TypeError):
            continue
    raise argparse.ArgumentTypeError(
        _("not a date: {text} (use 2026-01-05 or 05/01/2026)").format(text=text)
    )


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("register", parents=[common], help=_("register a unit for a set and year"))
    p.add_argument("unit", help=_("unit: code, name or id"))
    p.add_argument("--set", dest="set_code", required=True, help=_("criterion set code"))
    p.add_argument("--version", type=int, help=_("set version (default: the latest)"))
    p.add_argument("--year", type=int, required=True, help=_("period year"))
    p.set_defaults(handler=_register)

    p = sub.add_parser("result", parents=[common], help=_("record results"))
    rs = p.add_subparsers(dest="result_command", required=True)
    s = rs.add_parser("set", parents=[common], help=_("set the result of one criterion"))
    add_assessment_arguments(s)
    s.add_argument("ref", help=_("criterion ref, e.g. 4.3.a"))
    s.add_argument(
        "value",
        nargs="?",
        choices=sorted(RESULT_WORDS),
        help=_("met, not_met, na or none (omit to keep the result)"),
    )
    s.add_argument(
        "--work-status",
        choices=[w.value for w in WorkStatus],
        help=_("where the work on the criterion stands: todo, in_progress or done"),
    )
    s.add_argument("--reason", help=_("why the criterion does not apply"))
    s.add_argument("--note")
    s.add_argument("--remediation", help=_("plan for an unmet criterion"))
    s.add_argument("--due", type=_date, help=_("due date of the remediation"))
    s.add_argument("--responsible")
    s.set_defaults(handler=_result_set)

    p = sub.add_parser("evidence", parents=[common], help=_("evidence files"))
    es = p.add_subparsers(dest="evidence_command", required=True)
    evidence_add.register(es, common, _date)
    evidence_links.register(es, common)
    history_command.register(sub, common, _date)

    p = sub.add_parser("status", parents=[common], help=_("a unit's checklist and progress"))
    add_assessment_arguments(p)
    p.set_defaults(handler=_status)

    p = sub.add_parser("transition", parents=[common], help=_("move an assessment to a new state"))
    add_assessment_arguments(p)
    p.add_argument("state", choices=[s.value for s in AssessmentState])
    p.add_argument("--as-appraiser", action="store_true", help=_("act as the appraising office"))
    p.add_argument("--decision-number", default="")
    p.add_argument("--decision-date", type=_date)
    p.add_argument("--decided-by", default="")
    p.set_defaults(handler=_transition)


def _register(args: argparse.Namespace, data_dir: Path) -> int:
    ws = open_ws(data_dir)
    try:
        unit = find_unit(ws, args.unit)
        criterion_set = find_set(ws, args.set_code, args.version)
        a = assessment_service.register(ws, unit.id, criterion_set, args.year)
        say(
            _("Registered {unit} for “{set}” {year} ({start} – {end}); id {id}").format(
                unit=unit.display_name,
                set=criterion_set.title,
                year=a.year,
                start=a.period_start.strftime("%d/%m/%Y"),
                end=a.period_end.strftime("%d/%m/%Y"),
                id=a.id,
            )
        )
    finally:
        ws.close()
    return 0


def _result_set(args: argparse.Namespace, data_dir: Path) -> int:
    ws = open_ws(data_dir)
    try:
        a = find_assessment(ws, args)
        changes: dict[str, Any] = {}
        if args.value is not None:
            changes["value"] = RESULT_WORDS[args.value]
        if args.work_status is not None:
            changes["work_status"] = WorkStatus(args.work_status)
        for name, value in (
            ("na_reason", args.reason),
            ("note", args.note),
            ("remediation", args.remediation),
            ("due_date", args.due),
            ("responsible", args.responsible),
        ):
            if value is not None:
                changes[name] = value
        if not changes:
            raise UserError(_("Nothing to change: give a result, --work-status or another option."))
        result = assessment_service.update_result(ws, a.id, args.ref, **changes)
        view = assessment_service.checklist(ws, a.id)
        say(
            _("{ref}: {value} — {met}/{applicable} met, {done}/{total} assessed").format(
                ref=result.criterion_ref,
                value=_(RESULT_LABELS[result.value]),
                met=view.progress.met,
                applicable=view.progress.applicable,
                done=view.progress.done,
                total=view.progress.total,
            )
        )
        if args.work_status is not None:
            say(_("Work status: {status}").format(status=_(WORK_STATUS_LABELS[result.work_status])))
    finally:
        ws.close()
    return 0


def _status(args: argparse.Namespace, data_dir: Path) -> int:
    ws = open_ws(data_dir)
    try:
        a = find_assessment(ws, args)
        view = assessment_service.checklist(ws, a.id)
        s = view.criterion_set
        say(f"{view.unit.display_name} — {s.title} (v{s.version})")
        if s.legal_basis:
            say(
                _("Legal basis: {basis}").format(basis="; ".join(b.document for b in s.legal_basis))
            )
        say(
            _("Period {year}: {start} – {end}; state: {state}").format(
                year=a.year,
                start=a.period_start.strftime("%d/%m/%Y"),
                end=a.period_end.strftime("%d/%m/%Y"),
                state=_(STATE_LABELS[a.state]),
            )
        )
        reason = assessment_service.return_reason(ws, a.id)
        if reason:
            say(_("Returned for correction: {reason}").format(reason=reason))
        rows = []
        for c in s.criteria:
            if c.assessable:
                r = view.results.get(c.ref)
                value = _(RESULT_LABELS[r.value]) if r else "?"
                count = view.evidence_counts.get(c.ref, 0)
                lacking = "!" if c.required_evidence and count == 0 else ""
                rows.append([c.ref, value, f"{count}{lacking}", clip(c.text, 60)])
            else:
                rows.append(
                    [
                        c.ref,
                        "",
                        "",
                        clip(c.text, 60).upper() if c.level == "group" else clip(c.text, 60),
                    ]
                )
        say(table([_("Ref"), _("Result"), _("Evidence"), _("Criterion")], rows))
        p = view.progress
        say(
            _(
                "Met {met}/{applicable} ({percent}%), assessed {done}/{total}, not met {not_met}, "
                "not applicable {na}"
            ).format(
                met=p.met,
                applicable=p.applicable,
                percent=round(p.compliance * 100),
                done=p.done,
                total=p.total,
                not_met=p.not_met,
                na=p.not_applicable,
            )
        )
        if not s.complete:
            say(_("Note: this criterion set is incomplete (some texts are not yet available)."))
    finally:
        ws.close()
    return 0


def _transition(args: argparse.Namespace, data_dir: Path) -> int:
    ws = open_ws(data_dir)
    try:
        a = find_assessment(ws, args)
        actor = Actor.APPRAISER if args.as_appraiser else Actor.UNIT
        if args.as_appraiser:
            appraisal_service.require_appraiser(ws, a.id)
        new = assessment_service.transition(
            ws,
            a.id,
            AssessmentState(args.state),
            actor,
            decision_number=args.decision_number,
            decision_date=args.decision_date,
            decided_by=args.decided_by,
        )
        say(_("Now: {state}").format(state=_(STATE_LABELS[new.state])))
    finally:
        ws.close()
    return 0
