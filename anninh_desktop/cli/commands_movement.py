"""`anninh movement …`: the movement's registry, figures, roll-up and report on the command line.

The same services as the window's "Phong trào" view (services/movement).
"""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import Any

from anninh_desktop.cli.context import open_ws
from anninh_desktop.cli.output import clip, say, table
from anninh_desktop.domain.movement import (
    DOCUMENT_ROLE_LABELS,
    MODEL_FIELD_LABELS,
    ORGANISATION_KIND_LABELS,
    SITE_STATE_LABELS,
    STRUCK_OFF_REASON_LABELS,
    DocumentRole,
    Member,
    ModelField,
    OrganisationKind,
    SiteState,
    StruckOffReason,
)
from anninh_desktop.domain.movement_forecast import OUTLOOK_LABELS
from anninh_desktop.domain.movement_periods import ReportPeriod, parse_period
from anninh_desktop.i18n import _


def _date(text: str) -> date:
    from anninh_desktop.cli.commands_work import _date as parse

    return parse(text)


def _period(text: str) -> ReportPeriod:
    try:
        return parse_period(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _(
                "not a period: {text} (use 2026-H1 for the first half of 2026, 2026 for the year)"
            ).format(text=text)
        ) from None


def _member(text: str) -> Member:
    name, _sep, role = text.partition(":")
    return Member(name.strip(), role.strip())


def _value(text: str) -> tuple[str, int | None]:
    key, sep, value = text.partition("=")
    if not sep or not key.strip():
        raise argparse.ArgumentTypeError(
            _("write a field and its value as key=value: {text}").format(text=text)
        )
    value = value.strip()
    if value == "":
        return key.strip(), None
    try:
        return key.strip(), int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("not a whole number: {text}").format(text=value)
        ) from None


def _choices(enum: Any) -> list[str]:
    return [e.value.replace("_", "-") for e in enum]


def _enum(enum: Any, text: str) -> Any:
    return enum(text.replace("-", "_"))


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "movement", parents=[common], help=_("the movement: models, figures, roll-up, report")
    )
    mv = p.add_subparsers(dest="movement_command", required=True)

    t = mv.add_parser("types", parents=[common], help=_("the catalogue of models"))
    t.add_argument("--add", metavar=_("NAME"), help=_("add a model to the catalogue"))
    t.add_argument("--field", choices=_choices(ModelField), default="security-order")
    t.add_argument("--unit", help=_("the province or commune that defines it"))
    t.add_argument("--basis", default="", help=_("the document the model rests on"))
    t.set_defaults(handler=_types)

    s = mv.add_parser("sites", parents=[common], help=_("model sites with teams and dossier check"))
    s.add_argument("unit", help=_("unit: code, name or id"))
    s.add_argument("--gaps", action="store_true", help=_("only sites whose dossier has gaps"))
    s.set_defaults(handler=_sites)

    site = mv.add_parser("site", parents=[common], help=_("add or change a model site"))
    sa = site.add_subparsers(dest="site_command", required=True)
    add = sa.add_parser("add", parents=[common], help=_("a new model site"))
    add.add_argument("unit", help=_("unit where the site runs"))
    add.add_argument("--type", dest="model", required=True, help=_("model of the catalogue"))
    add.add_argument("--name", required=True)
    add.add_argument("--established", type=_date)
    add.set_defaults(handler=_site_add)
    st = sa.add_parser("state", parents=[common], help=_("consolidate or strike off a site"))
    st.add_argument("site", help=_("site: name or ID"))
    st.add_argument("state", choices=_choices(SiteState))
    st.add_argument("--on", type=_date, help=_("date (default: today)"))
    st.add_argument("--reason", choices=_choices(StruckOffReason))
    st.add_argument("--note", default="")
    st.set_defaults(handler=_site_state)
    team = sa.add_parser("team", parents=[common], help=_("add a team to a site"))
    team.add_argument("site", help=_("site: name or ID"))
    team.add_argument("--name", required=True)
    team.add_argument("--members", type=int, required=True, help=_("number of members"))
    team.add_argument(
        "--member", action="append", type=_member, default=[], help=_("a member: “Name:Role”")
    )
    team.add_argument("--established", type=_date)
    team.set_defaults(handler=_site_team)
    doc = sa.add_parser("document", parents=[common], help=_("add a file to a site's dossier"))
    doc.add_argument("site", help=_("site: name or ID"))
    doc.add_argument("file", type=Path)
    doc.add_argument("--role", choices=_choices(DocumentRole), required=True)
    doc.add_argument("--title", default="")
    doc.add_argument("--number", default="")
    doc.add_argument("--date", type=_date)
    doc.set_defaults(handler=_site_document)

    o = mv.add_parser("orgs", parents=[common], help=_("mass organisations of a unit"))
    o.add_argument("unit", help=_("unit: code, name or id"))
    o.add_argument("--add", metavar=_("NAME"), help=_("add an organisation"))
    o.add_argument("--kind", choices=_choices(OrganisationKind), default="other")
    o.add_argument("--members", type=int, default=0)
    o.add_argument("--established", type=_date)
    o.set_defaults(handler=_orgs)

    f = mv.add_parser("form", parents=[common], help=_("statistics forms"))
    f.add_argument("action", choices=["list", "validate", "import"])
    f.add_argument("file", type=Path, nargs="?")
    f.set_defaults(handler=_form)

    fig = mv.add_parser("figures", parents=[common], help=_("a commune's figures for a period"))
    fig.add_argument("unit", help=_("commune or province: code, name or id"))
    fig.add_argument("--period", type=_period, required=True, help=_("2026-H1 or 2026"))
    fig.add_argument(
        "--set",
        dest="values",
        action="append",
        type=_value,
        default=[],
        help=_("key=value to enter (key= clears it)"),
    )
    fig.set_defaults(handler=_figures)

    r = mv.add_parser("rollup", parents=[common], help=_("every figure of a commune or province"))
    r.add_argument("unit", help=_("commune or province: code, name or id"))
    r.add_argument("--period", type=_period, required=True, help=_("2026-H1 or 2026"))
    r.add_argument("--by-commune", action="store_true", help=_("one line per commune"))
    r.set_defaults(handler=_rollup)

    rep = mv.add_parser("report", parents=[common], help=_("the movement report, PDF and Excel"))
    rep.add_argument("unit", help=_("commune or province: code, name or id"))
    rep.add_argument("--period", type=_period, required=True, help=_("2026-H1 or 2026"))
    rep.add_argument("--out", type=Path, help=_("PDF file (default: in the data folder)"))
    rep.add_argument("--xlsx", type=Path, help=_("also write the figures to this Excel file"))
    rep.add_argument("--date", type=_date, help=_("date of the report (default: today)"))
    rep.add_argument("--notes", type=Path, help=_("a text file: the plans for the next period"))
    rep.set_defaults(handler=_report)

    d = mv.add_parser("demo", parents=[common], help=_("add the movement to demo data"))
    d.add_argument("--seed", type=int, default=2026)
    d.set_defaults(handler=_demo)


def _unit(ws: Any, text: str) -> Any:
    from anninh_desktop.services.units_service import find_unit

    return find_unit(ws, text)


def _types(args: argparse.Namespace, data_dir: Path) -> int:
    from anninh_desktop.services.movement import registry, views

    ws = open_ws(data_dir)
    try:
        if args.add:
            if not args.unit:
                raise _usage(_("--add needs --unit (the province or commune that defines it)"))
            unit = _unit(ws, args.unit)
            made = registry.add_model_type(
                ws, args.add, _enum(ModelField, args.field), unit.id, basis=args.basis
            )
            say(_("Added the model {name}.").format(name=made.name))
        rows = [
            [m.name, _(MODEL_FIELD_LABELS[m.field]), clip(m.basis or "-", 40), m.id[:8]]
            for m in views.model_types(ws)
        ]
        say(table([_("Movement model"), _("Field of work"), _("Basis"), _("ID")], rows))
    finally:
        ws.close()
    return 0


def _usage(message: str) -> Exception:
    from anninh_desktop.services.errors import UserError

    return UserError(message)


def _sites(args: argparse.Namespace, data_dir: Path) -> int:
    from anninh_desktop.services.movement import views

    ws = open_ws(data_dir)
    try:
        unit = _unit(ws, args.unit)
        rule = views.dossier_rule(ws, unit.id)
        shown = 0
        for v in views.site_views(ws, unit.id):
            if args.gaps and v.check.complete:
                continue
            shown += 1
            state = _(SITE_STATE_LABELS[v.site.state])
            if v.site.struck_off_reason is not None:
                state += f" ({_(STRUCK_OFF_REASON_LABELS[v.site.struck_off_reason])})"
            say(f"{v.site.name}  [{v.site.id[:8]}]")
            say(
                _("  {model} · {unit} · {state} · {teams} teams, {members} members").format(
                    model=v.type_name,
                    unit=v.unit_name,
                    state=state,
                    teams=len(v.teams),
                    members=v.members,
                )
            )
            for gap in v.check.gaps:
                say(_("  ! {gap}").format(gap=views.gap_text(gap, rule)))
        if not shown:
            say(_("No model sites."))
    finally:
        ws.close()
    return 0


def _site_add(args: argparse.Namespace, data_dir: Path) -> int:
    from anninh_desktop.services.movement import registry, views

    ws = open_ws(data_dir)
    try:
        unit = _unit(ws, args.unit)
        model = views.find_model_type(ws, args.model)
        site = registry.add_site(ws, model.id, unit.id, args.name, established_on=args.established)
        say(_("Added the site {name} [{id}].").format(name=site.name, id=site.id[:8]))
    finally:
        ws.close()
    return 0


def _site_state(args: argparse.Namespace, data_dir: Path) -> int:
    from anninh_desktop.services.movement import registry, views

    ws = open_ws(data_dir)
    try:
        site = views.find_site(ws, args.site)
        reason = _enum(StruckOffReason, args.reason) if args.reason else None
        on = args.on or ws.clock().date()
        changed = registry.set_site_state(
            ws, site.id, _enum(SiteState, args.state), on, reason=reason, note=args.note
        )
        say(
            _("{name}: {state}").format(
                name=changed.name, state=_(SITE_STATE_LABELS[changed.state])
            )
        )
    finally:
        ws.close()
    return 0


def _site_team(args: argparse.Namespace, data_dir: Path) -> int:
    from anninh_desktop.services.movement import registry, views

    ws = open_ws(data_dir)
    try:
        site = views.find_site(ws, args.site)
        team = registry.save_team(
            ws, site.id, args.name, args.members, args.member, established_on=args.established
        )
        say(_("Added the team {name} to {site}.").format(name=team.name, site=site.name))
    finally:
        ws.close()
    return 0


def _site_document(args: argparse.Namespace, data_dir: Path) -> int:
    from anninh_desktop.services import evidence_service
    from anninh_desktop.services.movement import registry, views

    ws = open_ws(data_dir)
    try:
        site = views.find_site(ws, args.site)
        role = _enum(DocumentRole, args.role)
        meta = evidence_service.EvidenceMetadata(
            title=args.title or args.file.stem,
            kind=evidence_service.guess_kind(args.file),
            number=args.number,
            issue_date=args.date,
        )
        registry.add_document_file(ws, site.id, args.file, role, meta)
        say(
            _("Added {file} to the dossier of {site} as: {role}.").format(
                file=args.file.name, site=site.name, role=_(DOCUMENT_ROLE_LABELS[role])
            )
        )
    finally:
        ws.close()
    return 0


def _orgs(args: argparse.Namespace, data_dir: Path) -> int:
    from anninh_desktop.services.movement import registry, views

    ws = open_ws(data_dir)
    try:
        unit = _unit(ws, args.unit)
        if args.add:
            registry.save_organisation(
                ws,
                unit.id,
                _enum(OrganisationKind, args.kind),
                args.add,
                args.members,
                established_on=args.established,
            )
        rows = [
            [
                v.organisation.name,
                _(ORGANISATION_KIND_LABELS[v.organisation.kind]),
                v.unit_name,
                str(v.organisation.members),
            ]
            for v in views.organisation_views(ws, unit.id)
        ]
        say(table([_("Organisation"), _("Kind"), _("Unit"), _("Members")], rows))
    finally:
        ws.close()
    return 0


def _form(args: argparse.Namespace, data_dir: Path) -> int:
    from anninh_desktop.services.movement import forms

    if args.action == "validate":
        if args.file is None:
            raise _usage(_("Give the form file to check."))
        form = forms.read_form_file(args.file)
        say(
            _("{file}: form {code} version {version}, {fields} fields, no problems.").format(
                file=args.file.name,
                code=form.code,
                version=form.version,
                fields=len(list(form.fields())),
            )
        )
        return 0
    ws = open_ws(data_dir)
    try:
        if args.action == "import":
            if args.file is None:
                raise _usage(_("Give the form file to import."))
            form, added = forms.import_form_file(ws, args.file)
            if added:
                say(
                    _("Imported form {code} version {version}.").format(
                        code=form.code, version=form.version
                    )
                )
            else:
                say(
                    _("Form {code} version {version} was already here.").format(
                        code=form.code, version=form.version
                    )
                )
            return 0
        rows = [
            [
                f.code,
                str(f.version),
                clip(f.title, 60),
                f.province_code or "-",
                _("yes") if f.official else _("no"),
            ]
            for f in forms.all_forms(ws)
        ]
        say(table([_("Code"), _("Version"), _("Title"), _("Province"), _("Official")], rows))
    finally:
        ws.close()
    return 0


def _figures(args: argparse.Namespace, data_dir: Path) -> int:
    from anninh_desktop.services.movement import figures

    ws = open_ws(data_dir)
    try:
        unit = _unit(ws, args.unit)
        if args.values:
            sheet = figures.set_figures(ws, unit.id, args.period, dict(args.values))
        else:
            sheet = figures.open_sheet(ws, unit.id, args.period)
        say(
            _("{unit}, {period} ({start} – {end}), form {form}").format(
                unit=unit.display_name,
                period=args.period.key,
                start=sheet.start.strftime("%d/%m/%Y"),
                end=sheet.end.strftime("%d/%m/%Y"),
                form=sheet.form.label,
            )
        )
        rows = [
            [f.key, clip(f.label, 60), str(sheet.values[f.key]) if f.key in sheet.values else "-"]
            for f in sheet.form.entered_fields()
        ]
        say(table([_("Key"), _("Indicator"), _("Value")], rows))
    finally:
        ws.close()
    return 0


def _rollup(args: argparse.Namespace, data_dir: Path) -> int:
    from anninh_desktop.services.movement import numbers
    from anninh_desktop.services.movement.rollup import compute_rollup

    ws = open_ws(data_dir)
    try:
        unit = _unit(ws, args.unit)
        r = compute_rollup(ws, unit.id, args.period, with_offices=args.by_commune)
        say(
            _("{unit}, {period} ({start} – {end})").format(
                unit=unit.display_name,
                period=args.period.key,
                start=r.start.strftime("%d/%m/%Y"),
                end=r.end.strftime("%d/%m/%Y"),
            )
        )
        rows = []
        for f in r.figures:
            value = numbers.ratio_text(f.ratio) if f.ratio else numbers.count_text(f.value)
            change = f.change
            compared = (
                f"{numbers.count_text(f.previous)} → {numbers.difference_text(change)} "
                f"({numbers.relative_text(change)})"
                if change is not None
                else ""
            )
            rows.append([clip(f.field.label, 58), value, compared])
        say(table([_("Indicator"), _("Value"), _("Same period a year before")], rows))
        if args.by_commune:
            keys = [f for f in r.form.fields() if f.chart]
            office_rows = [
                [
                    o.name,
                    _("yes") if o.reported else _("no"),
                    *(numbers.count_text(o.values[k.key]) for k in keys),
                ]
                for o in r.offices
            ]
            say()
            say(table([_("Unit"), _("Reported"), *(clip(k.label, 16) for k in keys)], office_rows))
        if r.outlooks:
            say()
            for o in r.outlooks:
                say(
                    f"{o.unit_name}: {_(OUTLOOK_LABELS[o.forecast.outlook])} ({o.met}/{o.applicable})"
                )
    finally:
        ws.close()
    return 0


def _report(args: argparse.Namespace, data_dir: Path) -> int:
    from anninh_desktop.services.movement.report import build_report

    ws = open_ws(data_dir)
    try:
        unit = _unit(ws, args.unit)
        notes = ""
        if args.notes is not None:
            try:
                notes = args.notes.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                raise _usage(
                    _("Cannot read {path}: {reason}").format(path=args.notes, reason=exc)
                ) from exc
        report = build_report(
            ws, unit.id, args.period, args.out, xlsx=args.xlsx, on=args.date, notes=notes
        )
        say(
            _("Report written: {path} ({pages} pages, SHA-256 {sha})").format(
                path=report.pdf, pages=report.pages, sha=report.sha256[:16]
            )
        )
        if report.xlsx is not None:
            say(_("Figures written: {path}").format(path=report.xlsx))
    finally:
        ws.close()
    return 0


def _demo(args: argparse.Namespace, data_dir: Path) -> int:
    from anninh_desktop.services.movement.demo import add_movement_demo

    ws = open_ws(data_dir)
    try:
        say(add_movement_demo(ws, seed=args.seed, progress=say))
    finally:
        ws.close()
    return 0
