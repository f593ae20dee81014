"""`anninh appraise list | show | verdict | return | recognise`: the appraising office's work."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from anninh_desktop.cli.context import add_assessment_arguments, find_assessment, open_ws
from anninh_desktop.cli.output import clip, say, table
from anninh_desktop.domain.appraisal import VERDICT_LABELS, Verdict
from anninh_desktop.domain.assessments import RESULT_LABELS, STATE_LABELS
from anninh_desktop.i18n import _

VERDICT_WORDS = {
    "agree": Verdict.AGREE,
    "disagree": Verdict.DISAGREE,
    "more-evidence": Verdict.NEEDS_MORE_EVIDENCE,
}


def _date(text: str) -> Any:
    from anninh_desktop.cli.commands_work import _date as parse

    return parse(text)


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("appraise", parents=[common], help=_("appraise the communes' assessments"))
    ap = p.add_subparsers(dest="appraise_command", required=True)

    ls = ap.add_parser("list", parents=[common], help=_("assessments to appraise, per commune"))
    ls.set_defaults(handler=_list)

    sh = ap.add_parser("show", parents=[common], help=_("the self-assessment next to the verdicts"))
    add_assessment_arguments(sh)
    sh.set_defaults(handler=_show)

    v = ap.add_parser("verdict", parents=[common], help=_("record a verdict on one criterion"))
    add_assessment_arguments(v)
    v.add_argument("ref", help=_("criterion ref, e.g. 4.3.a"))
    v.add_argument("verdict", choices=list(VERDICT_WORDS))
    v.add_argument("--comment", default="", help=_("why (needed unless you agree)"))
    v.add_argument("--by", dest="appraiser", default="", help=_("the appraiser's name"))
    v.set_defaults(handler=_verdict)

    r = ap.add_parser("return", parents=[common], help=_("return the assessment for correction"))
    add_assessment_arguments(r)
    r.add_argument("--reason", default="", help=_("what to correct"))
    r.set_defaults(handler=_return)

    for name, recognised, text in (
        ("recognise", True, _("record the recognition decision")),
        ("not-recognise", False, _("record a decision not to recognise")),
    ):
        d = ap.add_parser(name, parents=[common], help=text)
        add_assessment_arguments(d)
        d.add_argument("--number", required=True, help=_("decision number"))
        d.add_argument("--date", dest="on", type=_date, required=True, help=_("decision date"))
        d.add_argument("--by", dest="decided_by", required=True, help=_("who decided"))
        d.set_defaults(handler=_decide, recognised=recognised)


def _list(args: argparse.Namespace, data_dir: Path) -> int:
    from anninh_desktop.services.appraisal_service import assessments_to_appraise

    ws = open_ws(data_dir)
    try:
        queues = assessments_to_appraise(ws)
        if not queues:
            say(_("Nothing to appraise; import the communes' packages first."))
            return 0
        for q in queues:
            say(q.commune_name)
            rows = [
                [
                    item.unit_name,
                    clip(item.set_title, 40),
                    str(item.assessment.year),
                    _(STATE_LABELS[item.assessment.state]),
                    f"{sum(item.verdicts.values())}/{item.criteria}",
                ]
                for item in q.assessments
            ]
            say(table([_("Unit"), _("Set"), _("Year"), _("State"), _("Verdicts")], rows))
            say()
    finally:
        ws.close()
    return 0


def _show(args: argparse.Namespace, data_dir: Path) -> int:
    from anninh_desktop.services.appraisal_service import verdict_sheet

    ws = open_ws(data_dir)
    try:
        a = find_assessment(ws, args)
        say(
            _("{unit}: {state}").format(
                unit=ws.store.units.get(a.unit_id).display_name, state=_(STATE_LABELS[a.state])
            )
        )
        if a.decision_number:
            say(
                _("Decision {number} of {date} by {who}").format(
                    number=a.decision_number, date=a.decision_date, who=a.decided_by
                )
            )
        rows = []
        for line in verdict_sheet(ws, a.id):
            verdicts = "; ".join(
                f"{_(VERDICT_LABELS[x.verdict])}" + (f": {x.comment}" if x.comment else "")
                for x in line.appraisals
            )
            rows.append([line.ref, _(RESULT_LABELS[line.value]), clip(verdicts or "-", 60)])
        say(table([_("Criterion"), _("Self-assessment"), _("Verdict")], rows))
    finally:
        ws.close()
    return 0


def _verdict(args: argparse.Namespace, data_dir: Path) -> int:
    from anninh_desktop.services.appraisal_service import record_verdict

    ws = open_ws(data_dir)
    try:
        a = find_assessment(ws, args)
        item = record_verdict(
            ws,
            a.id,
            args.ref,
            VERDICT_WORDS[args.verdict],
            comment=args.comment,
            appraiser=args.appraiser,
        )
        say(
            _("{ref}: {verdict} ({who})").format(
                ref=args.ref, verdict=_(VERDICT_LABELS[item.verdict]), who=item.appraiser
            )
        )
    finally:
        ws.close()
    return 0


def _return(args: argparse.Namespace, data_dir: Path) -> int:
    from anninh_desktop.services.appraisal_service import return_for_correction

    ws = open_ws(data_dir)
    try:
        a = return_for_correction(ws, find_assessment(ws, args).id, reason=args.reason)
        say(
            _("Returned for correction: {unit}").format(
                unit=ws.store.units.get(a.unit_id).display_name
            )
        )
    finally:
        ws.close()
    return 0


def _decide(args: argparse.Namespace, data_dir: Path) -> int:
    from anninh_desktop.services.appraisal_service import decide

    ws = open_ws(data_dir)
    try:
        a = decide(
            ws,
            find_assessment(ws, args).id,
            recognised=args.recognised,
            number=args.number,
            on=args.on,
            decided_by=args.decided_by,
        )
        say(
            _("{unit}: {state}, decision {number} of {date}").format(
                unit=ws.store.units.get(a.unit_id).display_name,
                state=_(STATE_LABELS[a.state]),
                number=a.decision_number,
                date=a.decision_date,
            )
        )
    finally:
        ws.close()
    return 0
