"""Evidence files: stored once by content, linked to criteria, and all-or-nothing on failure."""

from __future__ import annotations

import dataclasses
import errno
import hashlib
import os
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from fixtures.work import child, register

from anninh_desktop.domain.assessments import AssessmentState
from anninh_desktop.domain.criteria import EvidenceKind
from anninh_desktop.services import evidence_service
from anninh_desktop.services.demo import files
from anninh_desktop.services.errors import Cancelled, UserError
from anninh_desktop.services.evidence_service import EvidenceMetadata, OnDuplicate
from anninh_desktop.services.workspace import Workspace
from anninh_desktop.storage import blobstore

CHUNK = 4096


@pytest.fixture
def area_assessment(ws: Workspace) -> tuple[str, str]:
    """(unit id, assessment id) of a residential area registered for 2026."""
    area = child(ws, "Ấp Cây Khô")
    return area.id, register(ws, area).id


def _pdf(text: str) -> bytes:
    """A real one-page PDF (files are checked on arrival: random bytes named .pdf are refused)."""
    return files.make_pdf_document(
        text, [text], issuer="CÔNG AN XÃ", number="01/KH-CAX", place_date="ngày 05/01/2026"
    )


def _source(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / "in" / name
    path.parent.mkdir(exist_ok=True)
    path.write_bytes(data)
    return path


def _blob_files(ws: Workspace) -> list[Path]:
    return sorted(p for p in ws.store.blobs.root.rglob("*") if p.is_file())


def _state(ws: Workspace) -> tuple[object, ...]:
    """Everything an import may touch: evidence rows, audit log, blob files (temp ones too)."""
    db = ws.store.db
    counts = tuple(
        db.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
        for t in ("evidence", "evidence_revision", "evidence_link", "audit_event")
    )
    return counts, _blob_files(ws), ws.store.meta("change_counter")


def test_add_file_stores_the_blob_with_metadata_and_links(
    ws: Workspace, area_assessment: tuple[str, str], tmp_path: Path
) -> None:
    unit_id, a_id = area_assessment
    data = _pdf("Nghị quyết Chi bộ ấp Cây Khô")
    path = _source(tmp_path, "Nghị quyết chi bộ.pdf", data)
    meta = EvidenceMetadata(
        title="  Nghị quyết Chi bộ ấp Cây Khô  ",
        kind=EvidenceKind.RESOLUTION,
        number="03-NQ/CB",
        issuer="Chi bộ ấp Cây Khô",
    )

    item = evidence_service.add_file(
        ws, unit_id, path, meta, link_to=[(a_id, "4.1"), (a_id, "4.2")]
    )

    assert ws.store.evidence.get(item.id) == item
    assert item.title == "Nghị quyết Chi bộ ấp Cây Khô"
    (revision,) = ws.store.evidence.revisions(item.id)
    digest = hashlib.sha256(data).hexdigest()
    assert (revision.revision, revision.sha256, revision.size) == (1, digest, len(data))
    assert (revision.filename, revision.media_type) == ("Nghị quyết chi bộ.pdf", "application/pdf")
    assert ws.store.blobs.path_for(digest).read_bytes() == data
    assert ws.store.evidence.counts_by_criterion(a_id) == {"4.1": 1, "4.2": 1}
    actions = [e.action for e in ws.store.audit.events()[-3:]]
    assert actions == ["evidence.add", "evidence.link", "evidence.link"]


def test_identical_content_added_anyway_is_stored_once(
    ws: Workspace, area_assessment: tuple[str, str], tmp_path: Path
) -> None:
    unit_id, a_id = area_assessment
    data = _pdf("Biên bản họp tháng 1")
    first = evidence_service.add_file(
        ws,
        unit_id,
        _source(tmp_path, "a.pdf", data),
        EvidenceMetadata("Biên bản họp tháng 1"),
        link_to=[(a_id, "4.2")],
    )
    second = evidence_service.add_file(
        ws,
        unit_id,
        _source(tmp_path, "b.pdf", data),
        EvidenceMetadata("Biên bản họp (bản chụp)"),
        link_to=[(a_id, "4.2"), (a_id, "4.5")],
        on_duplicate=OnDuplicate.ADD,
    )

    assert first.id != second.id
    assert [p.name for p in _blob_files(ws)] == [hashlib.sha256(data).hexdigest()]
    assert ws.store.evidence.counts_by_criterion(a_id) == {"4.2": 2, "4.5": 1}
    assert {
        e.id for e in ws.store.evidence.for_result(ws.store.assessments.results(a_id)["4.2"].id)
    } == {first.id, second.id}


def test_link_and_unlink(ws: Workspace, area_assessment: tuple[str, str], tmp_path: Path) -> None:
    unit_id, a_id = area_assessment
    item = evidence_service.add_file(
        ws, unit_id, _source(tmp_path, "a.pdf", _pdf("Kế hoạch")), EvidenceMetadata("Kế hoạch")
    )
    assert evidence_service.link(ws, item.id, a_id, "4.4.a")
    assert not evidence_service.link(ws, item.id, a_id, "4.4.a")
    assert ws.store.evidence.counts_by_criterion(a_id) == {"4.4.a": 1}
    assert evidence_service.unlink(ws, item.id, a_id, "4.4.a")
    assert ws.store.evidence.counts_by_criterion(a_id) == {}
    with pytest.raises(UserError, match=re.escape("“9.9”")):
        evidence_service.link(ws, item.id, a_id, "9.9")


def test_a_missing_source_file_is_a_user_error(
    ws: Workspace, area_assessment: tuple[str, str], tmp_path: Path
) -> None:
    unit_id, a_id = area_assessment
    before = _state(ws)
    with pytest.raises(UserError, match="File not found"):
        evidence_service.add_file(
            ws, unit_id, tmp_path / "không có.pdf", EvidenceMetadata("x"), link_to=[(a_id, "4.1")]
        )
    assert _state(ws) == before


def test_an_unknown_criterion_is_refused_before_anything_is_copied(
    ws: Workspace, area_assessment: tuple[str, str], tmp_path: Path
) -> None:
    unit_id, a_id = area_assessment
    before = _state(ws)
    with pytest.raises(UserError, match=re.escape("“9.9”")):
        evidence_service.add_file(
            ws,
            unit_id,
            _source(tmp_path, "a.pdf", b"abc"),
            EvidenceMetadata("x"),
            link_to=[(a_id, "9.9")],
        )
    assert _state(ws) == before


def _crash_after_first_chunk(monkeypatch: pytest.MonkeyPatch) -> None:
    real = blobstore._write_all
    calls = {"n": 0}

    def write_then_die(out, chunk, temp):  # type: ignore[no-untyped-def]
        real(out, chunk, temp)
        calls["n"] += 1
        if calls["n"] == 2:
            assert temp.exists() and temp.stat().st_size > 0  # the temp file was written
            raise RuntimeError("the program was killed mid-copy")

    monkeypatch.setattr(blobstore, "_write_all", write_then_die)


def _disk_full_midway(monkeypatch: pytest.MonkeyPatch) -> None:
    real = blobstore._write_all

    class FullDisk:
        def __init__(self, out) -> None:  # type: ignore[no-untyped-def]
            self._out = out

        def write(self, data: memoryview) -> int:
            if self._out.tell() >= 2 * CHUNK:
                raise OSError(errno.ENOSPC, "No space left on device")
            return self._out.write(data)

    monkeypatch.setattr(
        blobstore, "_write_all", lambda out, chunk, temp: real(FullDisk(out), chunk, temp)
    )


def _rename_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(src: object, dst: object) -> None:
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(blobstore.os, "replace", refuse)


@pytest.mark.parametrize(
    ("failure", "error", "message"),
    [
        (_crash_after_first_chunk, RuntimeError, "the program was killed mid-copy"),
        (_disk_full_midway, UserError, "The disk of the data folder is full; nothing was added"),
        # not "Cannot read anh.jpg": the source was read, writing into the data folder failed
        (_rename_fails, UserError, r"^Cannot write \S*blobs\S*: Input/output error$"),
    ],
    ids=["killed-mid-copy", "disk-full-mid-copy", "rename-fails"],
)
def test_a_failed_import_leaves_no_row_no_blob_and_no_part_file(
    ws: Workspace,
    area_assessment: tuple[str, str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    failure: Callable[[pytest.MonkeyPatch], None],
    error: type[Exception],
    message: str,
) -> None:
    unit_id, a_id = area_assessment
    ws.store.blobs.chunk_size = CHUNK
    path = _source(tmp_path, "video.mp4", os.urandom(5 * CHUNK))
    before = _state(ws)
    failure(monkeypatch)

    with pytest.raises(error, match=message):
        evidence_service.add_file(
            ws, unit_id, path, EvidenceMetadata("Ảnh họp dân"), link_to=[(a_id, "4.2")]
        )

    monkeypatch.undo()
    assert _state(ws) == before
    assert not list(ws.store.blobs.root.rglob("*.part"))


def test_disk_full_says_so_and_changes_nothing(
    ws: Workspace,
    area_assessment: tuple[str, str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    unit_id, a_id = area_assessment
    ws.store.blobs.chunk_size = CHUNK
    path = _source(tmp_path, "video.mp4", os.urandom(5 * CHUNK))
    before = _state(ws)
    _disk_full_midway(monkeypatch)

    with pytest.raises(UserError) as caught:
        evidence_service.add_file(
            ws, unit_id, path, EvidenceMetadata("Video"), link_to=[(a_id, "4.2")]
        )

    assert "disk" in caught.value.message and "full" in caught.value.message
    monkeypatch.undo()
    assert _state(ws) == before


def test_disk_full_when_syncing_the_file(
    ws: Workspace,
    area_assessment: tuple[str, str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    unit_id, _a_id = area_assessment
    path = _source(tmp_path, "bao-cao.pdf", _pdf("Báo cáo"))
    before = _state(ws)

    def no_space(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", no_space)
    with pytest.raises(UserError, match="disk of the data folder is full"):
        evidence_service.add_file(ws, unit_id, path, EvidenceMetadata("Báo cáo"))
    monkeypatch.undo()
    assert _state(ws) == before


def test_cancel_midway_leaves_nothing(
    ws: Workspace, area_assessment: tuple[str, str], tmp_path: Path
) -> None:
    unit_id, a_id = area_assessment
    ws.store.blobs.chunk_size = CHUNK
    path = _source(tmp_path, "video.mp4", os.urandom(6 * CHUNK))
    before = _state(ws)
    copied: list[int] = []

    with pytest.raises(Cancelled):
        evidence_service.add_file(
            ws,
            unit_id,
            path,
            EvidenceMetadata("Ảnh"),
            link_to=[(a_id, "4.2")],
            progress=copied.append,
            cancel=lambda: len(copied) >= 2,
        )

    assert copied == [CHUNK, 2 * CHUNK]
    assert _state(ws) == before


def test_add_revision_keeps_the_old_one(
    ws: Workspace, area_assessment: tuple[str, str], tmp_path: Path
) -> None:
    unit_id, a_id = area_assessment
    old_data, new_data = _pdf("Kế hoạch (bản nháp)"), _pdf("Kế hoạch (đã ký)")
    item = evidence_service.add_file(
        ws,
        unit_id,
        _source(tmp_path, "kh.pdf", old_data),
        EvidenceMetadata("Kế hoạch", EvidenceKind.PLAN),
        link_to=[(a_id, "4.2")],
    )

    revision = evidence_service.add_revision(ws, item.id, _source(tmp_path, "kh-ky.pdf", new_data))

    first, second = ws.store.evidence.revisions(item.id)
    assert second == revision
    assert (first.revision, second.revision) == (1, 2)
    assert first.sha256 == hashlib.sha256(old_data).hexdigest()
    assert second.sha256 == hashlib.sha256(new_data).hexdigest()
    assert (first.filename, second.filename) == ("kh.pdf", "kh-ky.pdf")
    with ws.store.blobs.open(first.sha256) as fh:
        assert fh.read() == old_data
    assert ws.store.evidence.latest_revision(item.id) == revision
    assert ws.store.evidence.counts_by_criterion(a_id) == {"4.2": 1}  # links stay on the item


def test_locked_assessment_refuses_new_links(ws: Workspace, tmp_path: Path) -> None:
    area = child(ws, "Ấp Cây Khô")
    a = register(ws, area)
    with ws.store.change() as stamp:
        ws.store.assessments.update(
            dataclasses.replace(a, state=AssessmentState.UNDER_APPRAISAL), stamp
        )
    before = _state(ws)
    with pytest.raises(UserError, match="read-only"):
        evidence_service.add_file(
            ws,
            area.id,
            _source(tmp_path, "a.pdf", b"abc"),
            EvidenceMetadata("x"),
            link_to=[(a.id, "4.2")],
        )
    assert _state(ws) == before
