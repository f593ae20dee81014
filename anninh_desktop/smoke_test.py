"""`anninh-desktop --smoke-test`: the whole program once, end to end, on a temporary data folder.

Used by CI against the PyInstaller bundle (scripts/build-bundle) to show that everything the program
needs made it into the bundle: Qt's window and PDF modules, the resources (units, criterion sets,
fonts, templates, icons), the compiled Vietnamese catalog, pyHanko and its certificate stack.

Steps: seed a fresh data folder (a name with Vietnamese letters) and register one commune for TT124;
open the main window on it and wait for the end of its start (the unit reopened, its checklist
shown); open the user guide with its pictures (F1); build that commune's dossier; make a demo
certificate and sign the dossier as the commander; verify it (every overall verdict good); load the
signed file with Qt's PDF module; close the window. Exit 0 with one line on stdout, or non-zero with
one line on stderr saying which step failed and why (the data folder and its log are then kept for a
look). A windowed Windows program has no console: with `--data-dir` the line is also written to
`<data dir>/smoke-test.txt`.
"""

from __future__ import annotations

import logging
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from anninh_desktop.i18n import N_, _, set_language
from anninh_desktop.logging_setup import setup_logging

if TYPE_CHECKING:
    from anninh_desktop.services.dossier import DossierBuild
    from anninh_desktop.services.workspace import Workspace
    from anninh_desktop.ui.main_window import MainWindow

log = logging.getLogger(__name__)

SMOKE_COMMUNE = "32092"  # Xã Hồ Thị Kỷ, Cà Mau (the demo's commune)
SMOKE_SET = "tt124-xa-phuong"
SMOKE_YEAR = 2026
WINDOW_TIMEOUT_MS = 90_000  # a cold start of a bundle on a busy CI machine, with margin

STEP_LANGUAGE = N_("load the Vietnamese catalog")
STEP_SEED = N_("prepare the data folder")
STEP_WINDOW = N_("open the main window")
STEP_HELP = N_("open the user guide")
STEP_BUILD = N_("build the dossier")
STEP_SIGN = N_("sign the dossier")
STEP_VERIFY = N_("verify the dossier")
STEP_PDF = N_("show the signed dossier")
STEP_PRINT = N_("print the signed dossier")
STEP_CLOSE = N_("close the window")


class SmokeFailure(Exception):
    """A step did not give what it should; the message says what was found."""


@dataclass
class SmokeResult:
    pages: int
    signer: str
    seconds: float


def run_smoke_test(lang: str | None = None, keep: Path | None = None) -> int:
    """Run every step once; print one line; return the exit status (0 passed, 1 failed).

    `keep`: use this (new or empty) data folder and leave it in place, instead of a temporary one.
    """
    parent = keep or Path(tempfile.mkdtemp(prefix="anninh-smoke-"))
    data_dir = parent if keep else parent / "Dữ liệu thử"
    step = [STEP_LANGUAGE]
    try:
        result = _run(data_dir, lang, step)
    except Exception as exc:
        log.exception("smoke test failed at %s", step[0])
        reason = str(exc) if isinstance(exc, SmokeFailure) else f"{type(exc).__name__}: {exc}"
        reason = " ".join(reason.split())  # one line
        line = _(
            "Smoke test failed at “{step}”: {reason} (data folder and log kept in {path})"
        ).format(step=_(step[0]), reason=reason, path=data_dir)
        _tell(line, sys.stderr, keep)
        return 1
    if not keep:
        logging.shutdown()
        shutil.rmtree(parent, ignore_errors=True)
    line = _(
        "Smoke test passed: main window shown, a {pages}-page dossier signed by {signer} "
        "and verified, in {seconds:.1f} s."
    ).format(pages=result.pages, signer=result.signer, seconds=result.seconds)
    _tell(line, sys.stdout, keep)
    return 0


def _tell(line: str, stream: TextIO | None, keep: Path | None) -> None:
    if stream is not None:  # None in a windowed Windows program
        print(line, file=stream, flush=True)
    if keep is not None:
        try:
            keep.mkdir(parents=True, exist_ok=True)
            (keep / "smoke-test.txt").write_text(line + "\n", encoding="utf-8")
        except OSError:
            log.exception("cannot write the smoke test's result")


def _run(data_dir: Path, lang: str | None, step: list[str]) -> SmokeResult:
    started = time.monotonic()
    setup_logging(data_dir)
    if set_language("vi") != "vi" or _("Cancel") == "Cancel":
        raise SmokeFailure("the Vietnamese catalog is missing (translations/vi/…/anninh.mo)")
    set_language(lang or "vi")

    from PySide6.QtWidgets import QApplication

    from anninh_desktop.ui.icons import app_icon, configure_high_dpi
    from anninh_desktop.ui.preferences import Preferences
    from anninh_desktop.ui.qt_catalog import install_qt_translator
    from anninh_desktop.ui.tasks import TaskRunner

    step[0] = STEP_SEED
    configure_high_dpi()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("An Ninh Desktop")
    install_qt_translator(app)
    icon = app_icon()
    if icon.isNull():
        raise SmokeFailure("the program's icon is missing (resources/icons)")
    app.setWindowIcon(icon)
    preferences = Preferences(data_dir / "settings.ini")
    ws, unit_id, assessment_id = _seed(data_dir)
    tasks = TaskRunner()
    try:
        preferences.set_first_run_done()
        preferences.set_last_unit(unit_id)
        preferences.set_last_year(SMOKE_YEAR)

        step[0] = STEP_WINDOW
        from anninh_desktop.ui.main_window import MainWindow

        window = MainWindow(ws, tasks=tasks, preferences=preferences)
        _show_and_wait(window)
        step[0] = STEP_HELP
        _open_guide(window)

        step[0] = STEP_BUILD
        built = _build(ws, assessment_id)
        step[0] = STEP_SIGN
        signed, signer = _sign(ws, built)
        step[0] = STEP_VERIFY
        _verify(ws, signed)
        step[0] = STEP_PDF
        _load_pdf(signed, built.page_count)
        step[0] = STEP_PRINT
        _print_pdf(signed, built.page_count, data_dir / "in-thu.pdf")

        step[0] = STEP_CLOSE
        window.close()
        if window.isVisible():
            raise SmokeFailure("the window refused to close")
        tasks.wait()
    finally:
        ws.close()
    return SmokeResult(built.page_count, signer, time.monotonic() - started)


def _open_guide(window: MainWindow) -> None:
    """The user guide (resources/help) with its pictures, opened at a section as F1 does."""
    from anninh_desktop.ui.help.guide_files import missing_files

    missing = missing_files()
    if missing:
        raise SmokeFailure(f"the user guide's files are missing: {', '.join(missing)}")
    window.help.open_guide("dossier")
    guide = window.help.guide
    if guide is None or guide.current_anchor != "dossier":
        raise SmokeFailure("the user guide has no section “dossier”")
    guide.close()


def _seed(data_dir: Path) -> tuple[Workspace, str, str]:
    """A fresh data folder (reference units and shipped sets) with one registered commune."""
    from anninh_desktop.services import assessment_service
    from anninh_desktop.services.criteria_service import find_set
    from anninh_desktop.services.workspace import open_workspace

    if data_dir.exists() and any(data_dir.glob("*.sqlite3")):
        raise SmokeFailure(f"{data_dir} already holds data; the smoke test needs a new folder")
    ws = open_workspace(data_dir)
    try:
        unit = ws.store.units.by_code(SMOKE_COMMUNE)
        if unit is None:
            raise SmokeFailure(f"commune {SMOKE_COMMUNE} is not in the units snapshot")
        assessment = assessment_service.register(ws, unit.id, find_set(ws, SMOKE_SET), SMOKE_YEAR)
    except BaseException:
        ws.close()
        raise
    return ws, unit.id, assessment.id


def _show_and_wait(window: MainWindow) -> None:
    """Show the window and wait for the end of its start (painted, last unit reopened)."""
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    finished: list[bool] = []
    window.startFinished.connect(lambda: (finished.append(True), loop.quit()))
    QTimer.singleShot(WINDOW_TIMEOUT_MS, loop.quit)
    window.show()
    if not finished:
        loop.exec()
    if not finished:
        raise SmokeFailure(f"the window did not finish its start in {WINDOW_TIMEOUT_MS // 1000} s")


def _build(ws: Workspace, assessment_id: str) -> DossierBuild:
    from anninh_desktop.services.dossier import build_dossier

    steps: list[tuple[int, int]] = []
    built = build_dossier(ws, assessment_id, progress=_collect(steps))
    if not built.path.is_file() or built.page_count < 1:
        raise SmokeFailure(f"no dossier written ({built.path})")
    if not steps or steps[-1][0] != steps[-1][1]:
        raise SmokeFailure(f"the build's progress stopped at {steps[-1:] or 'nothing'}")
    return built


def _collect(steps: list[tuple[int, int]]) -> Callable[[int, int], None]:
    return lambda done, total: steps.append((done, total))


def _sign(ws: Workspace, built: DossierBuild) -> tuple[Path, str]:
    from anninh_desktop.domain.dossier import SignerRole
    from anninh_desktop.services.signing.demo_cert import make_demo_certificate
    from anninh_desktop.services.signing.pkcs12_source import Pkcs12Source
    from anninh_desktop.services.signing.sign import sign_pdf
    from anninh_desktop.services.signing.trust import trust_store_for

    trust = trust_store_for(ws.root)
    demo = make_demo_certificate(ws.root, trust, ws.clock())
    target = built.path.with_name(built.path.stem + "-da-ky.pdf")
    result = sign_pdf(
        built.path,
        target,
        signer=Pkcs12Source(demo.p12_path, demo.password),
        role=SignerRole.COMMANDER,
        now=ws.clock(),
        trust=trust,
    )
    return result.path, result.signer


def _verify(ws: Workspace, signed: Path) -> None:
    from anninh_desktop.services.signing.records import record_verification
    from anninh_desktop.services.signing.trust import trust_store_for
    from anninh_desktop.services.signing.verify import verify_pdf

    report = verify_pdf(signed, trust_store_for(ws.root), ws.clock())
    record_verification(ws, signed, report)
    if not report.ok:
        found = "; ".join(
            f"{s.field_name}: valid={s.valid} trusted={s.trusted} {s.trust_problem} {s.error}"
            for s in report.signatures
        )
        raise SmokeFailure(f"the verification is not good ({found or 'no signature found'})")


def _load_pdf(path: Path, pages: int) -> None:
    """Qt's PDF module (the preview) opens the signed file with every page."""
    from PySide6.QtPdf import QPdfDocument

    document = QPdfDocument()
    error = document.load(str(path))
    if error != QPdfDocument.Error.None_ or document.pageCount() != pages:
        raise SmokeFailure(
            f"Qt's PDF module read {document.pageCount()} of {pages} pages ({error.name})"
        )
    document.close()


def _print_pdf(path: Path, pages: int, target: Path) -> None:
    """Qt's print support (File ▸ Print…) prints the signed file, every page, to a PDF printer."""
    from PySide6.QtPrintSupport import QPrinter

    from anninh_desktop.ui.printing.pdf_pages import open_pdf, paint_pdf

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(target))
    document = open_pdf(path)
    try:
        printed = paint_pdf(document, printer, max_dpi=72)
    finally:
        document.close()
    if printed != pages or not target.is_file() or target.stat().st_size == 0:
        raise SmokeFailure(f"printing gave {printed} of {pages} pages")
