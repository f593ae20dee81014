"""The unsigned dossier can be signed in its own fields: commander, then organisation, both intact."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
from dossier_helpers import TT124_COMMUNE_SET, demo_assessment, run, words_with_boxes
from dossier_signing import sign_field, throwaway_signer
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext
from pypdf import PdfReader

from anninh_desktop.domain.dossier import SIGNATURE_FIELD_NAMES, SignerRole
from anninh_desktop.services.dossier import DossierBuild, build_dossier
from anninh_desktop.services.dossier.styles import SEAL_DIAMETER
from anninh_desktop.services.workspace import Workspace

pytestmark = pytest.mark.slow

COMMANDER = SIGNATURE_FIELD_NAMES[SignerRole.COMMANDER]
ORGANISATION = SIGNATURE_FIELD_NAMES[SignerRole.ORGANISATION]


@pytest.fixture(scope="module")
def built(module_demo_ws: Workspace) -> DossierBuild:
    return build_dossier(module_demo_ws, demo_assessment(module_demo_ws, TT124_COMMUNE_SET).id)


def _widgets(path: Path) -> dict[str, tuple[int, list[float]]]:
    reader = PdfReader(path)
    out = {}
    for index, page in enumerate(reader.pages):
        for annotation in page.get("/Annots") or []:
            widget = annotation.get_object()
            if widget.get("/FT") == "/Sig":
                out[str(widget["/T"])] = (index, [float(v) for v in widget["/Rect"]])
    return out


def test_fields_sit_in_the_signature_blocks(built: DossierBuild) -> None:
    widgets = _widgets(built.path)
    assert set(widgets) == set(SIGNATURE_FIELD_NAMES.values())
    (page, (cx1, _cy1, cx2, cy2)) = widgets[COMMANDER]
    (seal_page, (sx1, sy1, sx2, sy2)) = widgets[ORGANISATION]
    assert seal_page == page
    # The commander's field lies between the signer's title and name in the Tờ trình.
    words = words_with_boxes(built.path, page + 1)
    height = float(PdfReader(built.path).pages[page].mediabox.height)
    title_bottom = max(w[4] for w in words if w[0] == "TRƯỞNG")
    assert height - cy2 >= title_bottom - 1
    # The seal is round at real size and covers the left third of the commander's field.
    assert sx2 - sx1 == pytest.approx(SEAL_DIAMETER, abs=0.1)
    assert sy2 - sy1 == pytest.approx(SEAL_DIAMETER, abs=0.1)
    assert sx2 == pytest.approx(cx1 + (cx2 - cx1) / 3, abs=0.1)
    assert sx1 < cx1
    # The appraiser and approver sign on the last page.
    last = len(PdfReader(built.path).pages) - 1
    for role in (SignerRole.APPRAISER, SignerRole.APPROVER):
        assert widgets[SIGNATURE_FIELD_NAMES[role]][0] == last


def test_commander_then_organisation_both_stay_valid(built: DossierBuild, tmp_path: Path) -> None:
    path = tmp_path / "signed.pdf"
    shutil.copyfile(built.path, path)
    signer, certificate = throwaway_signer()
    sign_field(path, COMMANDER, tmp_path, signer)
    sign_field(path, ORGANISATION, tmp_path, signer)

    reader = PdfFileReader(io.BytesIO(path.read_bytes()))
    context = ValidationContext(trust_roots=[certificate], allow_fetching=False)
    statuses = {
        s.field_name: validate_pdf_signature(s, context) for s in reader.embedded_signatures
    }
    assert set(statuses) == {COMMANDER, ORGANISATION}
    for name, status in statuses.items():
        assert status.intact and status.valid, name
        assert status.bottom_line, name

    report = run("pdfsig", path)
    assert report.count("Signature is Valid.") == 2
    # The appraising levels' fields are still there, empty, for later.
    assert "ThamDinh" in report and "PheDuyet" in report
