"""Python warnings never reach the user: the entry points send them to the log (issue 12).

These run the real entry point (`python -m anninh_desktop`, the same `entry.cli` as the `anninh`
script and the bundle's launcher) in a subprocess with every warning switched on.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

ROOT = Path(__file__).resolve().parent.parent


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ANNINH_")}
    env.update(PYTHONWARNINGS="always", PYTHONPATH=str(ROOT), **extra)
    return env


def _python(code: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, env=_env(), capture_output=True, text=True
    )


def test_a_warning_before_the_log_opens_is_written_to_the_log_not_the_terminal(
    tmp_path: Path,
) -> None:
    code = (
        "import warnings\n"
        "from pathlib import Path\n"
        "from anninh_desktop.logging_setup import capture_warnings, setup_logging\n"
        "capture_warnings()\n"
        "warnings.warn('sớm: trước khi có tệp nhật ký', DeprecationWarning)\n"
        "setup_logging(Path('data'))\n"
        "warnings.warn('muộn: sau khi có tệp nhật ký', UserWarning)\n"
    )
    done = _python(code, tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stderr == "" and done.stdout == ""
    log = (tmp_path / "data" / "logs" / "anninh.log").read_text(encoding="utf-8")
    assert "DeprecationWarning: sớm: trước khi có tệp nhật ký" in log
    assert "UserWarning: muộn: sau khi có tệp nhật ký" in log


def test_without_a_log_file_a_warning_is_dropped_not_printed(tmp_path: Path) -> None:
    code = (
        "import warnings\n"
        "from anninh_desktop.logging_setup import capture_warnings, setup_logging\n"
        "capture_warnings()\n"
        "setup_logging(None)\n"
        "warnings.warn('không in ra màn hình')\n"
    )
    done = _python(code, tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""


def _pdf(path: Path) -> Path:
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, invariant=True)
    c.drawString(85, 760, "To trinh")
    c.showPage()
    c.save()
    path.write_bytes(buf.getvalue())
    return path


def _anninh(*args: object, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "anninh_desktop", *map(str, args), "--lang", "en"],
        cwd=cwd,
        env=_env(ANNINH_TEST_PASSWORD="1234"),
        capture_output=True,
        text=True,
    )


@pytest.mark.slow
def test_sign_and_verify_print_no_python_warning(tmp_path: Path) -> None:
    # Does the locked stack warn at all when the signing code loads? (cryptography 51 does: "DSA is
    # deprecated", from pyHanko's imports.) If it does, the log must hold it and the terminal not.
    probe = _python("import pyhanko.sign.signers, pyhanko.sign.validation", tmp_path)
    stack_warns = "Warning" in probe.stderr

    data = tmp_path / "data"
    made = _anninh("dossier", "demo-cert", "--data-dir", data, cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    p12 = data / "demo-certificates" / "demo-signer.p12"
    signed = tmp_path / "signed.pdf"
    sign = _anninh(
        "dossier", "sign", _pdf(tmp_path / "a.pdf"), "--role", "commander", "--p12", p12,
        "--password-env", "ANNINH_TEST_PASSWORD", "--out", signed, "--data-dir", data,
        cwd=tmp_path,
    )  # fmt: skip
    verify = _anninh("dossier", "verify", signed, "--data-dir", data, cwd=tmp_path)
    assert sign.returncode == 0 and verify.returncode == 0, sign.stderr + verify.stderr
    assert "The signature is valid." in verify.stdout
    for run in (made, sign, verify):
        assert run.stderr == ""
        assert "Warning" not in run.stdout and "site-packages" not in run.stdout
    if stack_warns:
        assert "py.warnings" in (data / "logs" / "anninh.log").read_text(encoding="utf-8")
