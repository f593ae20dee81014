"""`anninh evidence add` with awkward files and duplicates: refusals with exit 1 and nothing
stored, warnings said, the duplicate message and --if-duplicate, folders with a summary."""

from __future__ import annotations

from pathlib import Path

import pytest
from fixtures import awkward_files as af
from fixtures.cli_runner import Anninh
from fixtures.workspaces import open_folder

from anninh_desktop.domain.evidence import FileCheck

EN = ("--lang", "en")


def _in(folder: Path, lang: tuple[str, ...] = EN) -> tuple[str, ...]:
    return ("--data-dir", str(folder), *lang)


@pytest.fixture
def area(run: Anninh, seeded_dir: Path) -> str:
    added = run(
        "units", "add", "--parent", "32092", "--kind", "residential_area", "--name",
        "Ấp Cây Khô", "--subtype", "ấp", *_in(seeded_dir),
    )  # fmt: skip
    assert added.code == 0, added.err
    registered = run("register", "Cây Khô", "--set", "tt124-khu-dan-cu", "--year", "2026",
                     *_in(seeded_dir))  # fmt: skip
    assert registered.code == 0, registered.err
    return "Ấp Cây Khô"


def _write(folder: Path, name: str, data: bytes) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(data)
    return path


def _store(folder: Path) -> tuple[object, ...]:
    ws = open_folder(folder)
    try:
        db = ws.store.db
        rows = tuple(
            db.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
            for t in ("evidence", "evidence_revision", "evidence_link", "audit_event")
        )
        blobs = sorted(p.name for p in ws.store.blobs.root.rglob("*") if p.is_file())
        return rows, blobs
    finally:
        ws.close()


def _items(folder: Path) -> dict[str, FileCheck]:
    ws = open_folder(folder)
    try:
        (unit,) = ws.store.units.search("cay kho")
        latest = ws.store.evidence.latest_revisions_for_unit(unit.id)
        return {e.title: latest[e.id].check for e in ws.store.evidence.for_unit(unit.id)}
    finally:
        ws.close()


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        (
            "bien-ban.pdf",
            b"",
            "“bien-ban.pdf” is empty (0 bytes), so it was not added. Check that the file was "
            "saved or copied completely, then add it again.",
        ),
        (
            "ke-hoach.pdf",
            af.photo(1),
            "“ke-hoach.pdf” is named as a PDF document but its content is a JPEG picture, so it "
            "was not added. Choose the right file, or give it the extension of what it really is.",
        ),
    ],
)
def test_a_refused_file_exits_1_and_stores_nothing(
    run: Anninh, seeded_dir: Path, tmp_path: Path, area: str, name: str, data: bytes, message
) -> None:
    before = _store(seeded_dir)
    result = run("evidence", "add", area, _write(tmp_path, name, data), "-c", "4.1",
                 *_in(seeded_dir))  # fmt: skip
    assert result.code == 1
    assert result.err_lines == [message]
    assert result.out == ""
    assert _store(seeded_dir) == before


def test_the_refusal_in_vietnamese(run: Anninh, seeded_dir: Path, tmp_path: Path, area) -> None:
    text = _write(tmp_path, "anh-hop-dan.jpg", "Biên bản họp dân.\n".encode() * 30)
    result = run("evidence", "add", area, text, *_in(seeded_dir, ("--lang", "vi")))
    assert result.code == 1
    assert result.err_lines == [
        "Tên tệp “anh-hop-dan.jpg” cho biết đây là ảnh nhưng nội dung lại là văn bản thuần (text) "
        "nên tệp không được thêm. Hãy chọn đúng tệp, hoặc đặt lại phần đuôi tên tệp cho khớp với "
        "nội dung thật của nó."
    ]


def test_a_protected_file_is_added_with_a_warning(
    run: Anninh, seeded_dir: Path, tmp_path: Path, area: str
) -> None:
    locked = _write(tmp_path, "bao-cao.pdf", af.encrypted_pdf(af.pdf("Báo cáo")))
    result = run("evidence", "add", area, locked, "-c", "4.2", "--title", "Báo cáo quý I",
                 *_in(seeded_dir))  # fmt: skip
    assert result.code == 0, result.err
    assert result.out.startswith("Added “Báo cáo quý I” (id ")
    (warning,) = result.err_lines
    assert warning.startswith("Warning: “Báo cáo quý I”: The file is protected by a password")
    assert _items(seeded_dir) == {"Báo cáo quý I": FileCheck.ENCRYPTED}


def test_a_duplicate_is_linked_by_default_and_says_so(
    run: Anninh, seeded_dir: Path, tmp_path: Path, area: str
) -> None:
    plan = af.pdf("Kế hoạch 05")
    first = run("evidence", "add", area, _write(tmp_path / "a", "ke-hoach.pdf", plan), "-c",
                "4.1", "--title", "Kế hoạch 05", *_in(seeded_dir))  # fmt: skip
    assert first.code == 0, first.err
    before = _store(seeded_dir)
    copy = _write(tmp_path / "usb", "ban sao.pdf", plan)

    again = run("evidence", "add", area, copy, "-c", "4.2", *_in(seeded_dir))

    assert again.code == 0, again.err
    (line,) = again.out.splitlines()
    assert line.startswith("“ban sao.pdf” is already the evidence “Kế hoạch 05”. Linked it (id ")
    assert line.endswith(
        ") to criterion 4.2 instead of adding a copy; --if-duplicate add adds a new item."
    )
    rows, blobs = _store(seeded_dir)
    assert blobs == before[1] and rows[:2] == before[0][:2]  # no new item, revision or file
    assert rows[2] == before[0][2] + 1  # one new link

    cancelled = run("evidence", "add", area, copy, "-c", "4.5", "--if-duplicate", "cancel",
                    *_in(seeded_dir))  # fmt: skip
    assert cancelled.code == 1
    assert cancelled.err_lines == [
        "“ban sao.pdf” is already the evidence “Kế hoạch 05”.",
        "Nothing was added (--if-duplicate cancel).",
    ]
    assert _store(seeded_dir)[0][2] == rows[2]

    added = run("evidence", "add", area, copy, "--if-duplicate", "add", *_in(seeded_dir))
    assert added.code == 0
    assert added.out.startswith("Added “ban sao” (id ")
    assert sorted(_items(seeded_dir)) == ["Kế hoạch 05", "ban sao"]


def test_a_folder_adds_what_it_can_and_sums_up(
    run: Anninh, seeded_dir: Path, tmp_path: Path, area: str
) -> None:
    scan = tmp_path / "scan"
    _write(scan, "IMG_0001.jpg", af.photo(1))
    _write(scan / "2026", "IMG_0002.jpg", af.photo(2))
    _write(scan, "IMG_0003.jpg", af.photo(6)[:-300])
    _write(scan, "trong.pdf", b"")
    _write(scan, "Thumbs.db", b"cache")

    result = run("evidence", "add", area, scan, "-c", "4.4.a", *_in(seeded_dir))

    assert result.code == 1  # a file was refused
    assert [line.split(" (id ")[0] for line in result.out.splitlines()] == [
        "Added “IMG_0002”",  # the folder's entries by name: "2026" first
        "Added “IMG_0001”",
        "Added “IMG_0003”",
    ]
    assert result.err_lines[0].startswith("“trong.pdf” is empty (0 bytes)")
    assert result.err_lines[1].startswith("Warning: “IMG_0003”: The file is cut short")
    assert result.err_lines[2] == (
        "3 files added. 1 file was refused. 1 file was added with a warning."
    )
    assert _items(seeded_dir) == {
        "IMG_0001": FileCheck.OK,
        "IMG_0002": FileCheck.OK,
        "IMG_0003": FileCheck.TRUNCATED,
    }


def test_title_names_one_file_only(run: Anninh, seeded_dir: Path, tmp_path: Path, area) -> None:
    a = _write(tmp_path, "a.pdf", af.pdf("A"))
    b = _write(tmp_path, "b.pdf", af.pdf("B"))
    result = run("evidence", "add", area, a, b, "--title", "Một tên", *_in(seeded_dir))
    assert result.code == 1
    assert result.err_lines == ["--title names one file; 2 files were given."]
