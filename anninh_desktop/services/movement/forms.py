"""Statistics forms: the shipped default, a province's own versions, which one an office uses.

Form versions are immutable (like criterion set versions): a changed form is a new version. The
program's default form and model catalogue are stored as reference rows on first use (the same ids
everywhere, never sent); a province's form is stored with a change stamp, so it travels to the
communes with the next sync package, and a commune's new sheets then use it.
"""

from __future__ import annotations

import hashlib
import logging
import uuid
from datetime import date
from functools import lru_cache
from pathlib import Path

import yaml

from anninh_desktop.domain.movement import ModelField, ModelType
from anninh_desktop.domain.movement_form import StatisticsForm
from anninh_desktop.domain.units import UnitKind
from anninh_desktop.i18n import _
from anninh_desktop.locations import resources_dir
from anninh_desktop.services.errors import UserError
from anninh_desktop.services.movement.form_file import FormFileError, parse_form_bytes
from anninh_desktop.services.workspace import Workspace
from anninh_desktop.storage.database import transaction
from anninh_desktop.storage.movement_repo import FormVersionExists, StoredForm

log = logging.getLogger(__name__)

SHIPPED_KEY = "movement_shipped_sha256"
CATALOGUE_FILE = "loai-mo-hinh.yaml"
# Fixed for ever: a shipped model type's id is uuid5(TYPE_ID_NAMESPACE, its code).
TYPE_ID_NAMESPACE = uuid.UUID("7b2e9c41-3f5a-5d68-8e0b-4a1c6d2f9e37")


def movement_dir() -> Path:
    return resources_dir() / "movement"


def shipped_form_files() -> list[Path]:
    """The form files shipped with the program: `<code>.v<version>.yaml`."""
    return sorted(p for p in movement_dir().glob("*.v*.yaml") if p.name != CATALOGUE_FILE)


def _fingerprint() -> str:
    digest = hashlib.sha256()
    for path in [*shipped_form_files(), movement_dir() / CATALOGUE_FILE]:
        digest.update(path.name.encode("utf-8") + b"\0" + path.read_bytes())
    return digest.hexdigest()


def prepare(ws: Workspace) -> None:
    """Store the shipped forms and model catalogue once (again only when the files changed)."""
    fingerprint = _fingerprint()
    if ws.store.meta(SHIPPED_KEY) == fingerprint:
        return
    repo = ws.store.movement
    with transaction(ws.store.db):
        for path in shipped_form_files():
            form = parse_form_bytes(path.read_bytes(), path.name)
            try:
                repo.add_form(_stored(form, path.read_text(encoding="utf-8")), ws.clock(), None)
            except FormVersionExists as exc:
                if not exc.same_content:
                    log.warning("shipped form %s differs from the stored version", path.name)
        for model_type in shipped_model_types():
            if not repo.has_type(model_type.id):
                repo.save_type(model_type, None)
        ws.store.set_meta(SHIPPED_KEY, fingerprint)


def shipped_model_types() -> list[ModelType]:
    data = yaml.safe_load((movement_dir() / CATALOGUE_FILE).read_text(encoding="utf-8"))
    return [
        ModelType(
            id=uuid.uuid5(TYPE_ID_NAMESPACE, str(entry["code"])).hex,
            name=str(entry["name"]),
            field=ModelField(str(entry.get("field", "other"))),
            basis=str(entry.get("basis", "") or ""),
        )
        for entry in data["types"]
    ]


def _stored(form: StatisticsForm, text: str) -> StoredForm:
    return StoredForm(
        id=form.id,
        code=form.code,
        version=form.version,
        title=form.title,
        province_code=form.province_code,
        source_text=text,
        source_sha256=form.source_sha256,
    )


@lru_cache(maxsize=32)
def _parse_stored(form_id: str, sha256: str, text: str) -> StatisticsForm:
    from dataclasses import replace

    form = parse_form_bytes(text.encode("utf-8"), f"{form_id}.yaml")
    return replace(form, source_sha256=sha256)


def load_form(ws: Workspace, form_id: str) -> StatisticsForm:
    prepare(ws)
    try:
        stored = ws.store.movement.form(form_id)
    except KeyError:
        raise UserError(
            _(
                "The statistics form this sheet was entered on is missing from this data folder; "
                "import the package of the office that issued it, then try again."
            )
        ) from None
    return _parse_stored(stored.id, stored.source_sha256, stored.source_text)


def all_forms(ws: Workspace) -> list[StatisticsForm]:
    prepare(ws)
    return [_parse_stored(s.id, s.source_sha256, s.source_text) for s in ws.store.movement.forms()]


def province_code_of(ws: Workspace, unit_id: str) -> str:
    """The code of the province above (or at) a unit; "" when there is none."""
    units = ws.store.units
    current = units.get(unit_id)
    seen: set[str] = set()
    while current.id not in seen:
        seen.add(current.id)
        if current.kind is UnitKind.PROVINCE:
            return current.code
        if current.parent_id is None:
            return ""
        current = units.get(current.parent_id)
    return ""


def form_for(ws: Workspace, unit_id: str) -> StatisticsForm:
    """The form an office of the unit uses for a new sheet: its province's latest version, else the
    program's default."""
    forms = all_forms(ws)
    code = province_code_of(ws, unit_id)
    own = [f for f in forms if code and f.province_code == code]
    pool = own or [f for f in forms if not f.province_code]
    if not pool:
        raise UserError(_("No statistics form is installed; reinstall the program."))
    return max(pool, key=lambda f: (f.issued_on or date.min, f.version, f.code))


def read_form_file(path: Path) -> StatisticsForm:
    """Parse and check a form file; UserError lists every problem with file, line and field."""
    try:
        data = path.read_bytes()
    except FileNotFoundError as exc:
        raise UserError(_("File not found: {path}").format(path=path)) from exc
    except OSError as exc:
        raise UserError(
            _("Cannot read {path}: {reason}").format(path=path, reason=exc.strerror)
        ) from exc
    try:
        return parse_form_bytes(data, path.name)
    except FormFileError as exc:
        raise UserError("\n".join(str(p) for p in exc.problems)) from exc


def import_form_file(ws: Workspace, path: Path) -> tuple[StatisticsForm, bool]:
    """Store a form version from a file; (form, False) when that exact version was there already."""
    prepare(ws)
    form = read_form_file(path)
    text = path.read_bytes().decode("utf-8-sig")
    try:
        with ws.store.change() as stamp:
            ws.store.movement.add_form(_stored(form, text), ws.clock(), stamp)
            ws.record(
                stamp,
                "movement.form_import",
                "movement_form",
                form.id,
                None,
                {"code": form.code, "version": form.version, "sha256": form.source_sha256},
            )
    except FormVersionExists as exc:
        if exc.same_content:
            return form, False
        raise UserError(
            _(
                "Form {code} version {version} already exists with different content; a changed "
                "form needs a higher version number"
            ).format(code=form.code, version=form.version)
        ) from exc
    return form, True
