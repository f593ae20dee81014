"""Forged packages are refused before anything is parsed or written, in bounded memory and time.

A forger here is a real office (commune C, with its own keys, as any office that has seen A's card
could be): it makes a package in commune A's name for the province P, encrypted with P's public
key (from P's card) so that the encryption is intact, and signs it with the only signing key it
holds, its own.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from sync_helpers import Offices, craft_package, introduce, store_state

from anninh_desktop.services.errors import UserError
from anninh_desktop.services.sync import payload
from anninh_desktop.services.sync.export import export_package
from anninh_desktop.services.sync.reading import read_package
from anninh_desktop.services.workspace import Workspace

FORGED = "not signed by a trusted office"


def _bomb_rows() -> dict[str, list[dict[str, object]]]:
    """Rows that inflate 300-fold: 350,000 small rows (17 MB of JSON, 350,000
    dictionaries once parsed: over 100 MB) in about 50 kB of zlib."""
    return {"unit": [{"id": "7" * 32, "_v": {}}] * 350_000}


def _forge_bomb(offices: Offices, third: Workspace, path: Path) -> Path:
    introduce(third, offices.p, path.parent / "cards-c")
    return craft_package(
        offices.a, offices.p, path, tables=_bomb_rows(), signer=third, chunk_size=1 << 20
    )


@pytest.mark.slow
def test_a_forged_package_is_refused_with_bounded_memory_and_time(
    offices: Offices, third: Workspace, tmp_path: Path
) -> None:
    if not Path("/proc/self/clear_refs").exists():
        pytest.skip("the peak memory of a process is read from Linux's /proc")
    forged = _forge_bomb(offices, third, tmp_path / "usb" / "forged.ansync")
    size = forged.stat().st_size
    assert 30_000 < size < 80_000  # "a 49 KB package"
    before = store_state(offices.p)
    root = offices.p.root
    offices.p.close()
    script = textwrap.dedent(
        """
        import json, sys, time
        from pathlib import Path
        from anninh_desktop.services.errors import UserError
        from anninh_desktop.services.sync.reading import read_package
        from anninh_desktop.services.workspace import open_workspace

        def peak_kib():
            for line in Path("/proc/self/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])

        ws = open_workspace(Path(sys.argv[1]), seed_reference=False)
        Path("/proc/self/clear_refs").write_text("5")  # the peak starts again from here
        start_peak = peak_kib()
        start = time.perf_counter()
        try:
            read_package(ws, Path(sys.argv[2]))
            message = None
        except UserError as exc:
            message = exc.message
        seconds = time.perf_counter() - start
        peak = peak_kib()
        ws.close()
        print(json.dumps({"message": message, "seconds": seconds, "grew_kib": peak - start_peak}))
        """
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    done = subprocess.run(
        [sys.executable, "-c", script, str(root), str(forged)],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
        env=env,
    )
    out = json.loads(done.stdout.strip().splitlines()[-1])
    assert out["message"] is not None and FORGED in out["message"]
    assert "damaged" not in out["message"]
    # Refused at its first chunk: no inflating (the rows hold 17 MB of JSON), flat memory, at once.
    assert out["grew_kib"] < 100 * 1024, out
    assert out["seconds"] < 5, out
    from fixtures.workspaces import open_folder

    offices.p = open_folder(root)
    assert store_state(offices.p) == before


def test_a_forged_package_writes_nothing(
    offices: Offices, third: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    forged = _forge_bomb(offices, third, tmp_path / "usb" / "forged.ansync")
    opened: list[object] = []
    real_open = os.open
    monkeypatch.setattr(
        payload.os, "open", lambda *a, **k: opened.append(a[0]) or real_open(*a, **k)
    )
    before = store_state(offices.p)
    with pytest.raises(UserError, match=FORGED) as info:
        read_package(offices.p, forged)
    assert "Công an xã Hồ Thị Kỷ" in info.value.message  # the office it pretends to be
    assert opened == []
    assert store_state(offices.p) == before


@pytest.mark.slow
def test_a_forged_100_mb_evidence_file_is_not_written(
    offices: Offices, third: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    introduce(third, offices.p, tmp_path / "cards-c")
    content = os.urandom(1 << 20) * 100  # 100 MiB
    sha = hashlib.sha256(content).hexdigest()
    forged = craft_package(
        offices.a,
        offices.p,
        tmp_path / "usb" / "blob.ansync",
        blobs={sha: content},
        signer=third,
        chunk_size=1 << 20,
    )
    del content
    assert forged.stat().st_size > 100 << 20
    opened: list[object] = []
    real_open = os.open
    monkeypatch.setattr(
        payload.os, "open", lambda *a, **k: opened.append(a[0]) or real_open(*a, **k)
    )
    before = store_state(offices.p)
    with pytest.raises(UserError, match=FORGED):
        read_package(offices.p, forged)
    assert opened == []
    assert store_state(offices.p) == before
    assert not offices.p.store.blobs.exists(sha)


def test_damage_is_called_damage_and_forgery_forgery(offices: Offices, tmp_path: Path) -> None:
    out = export_package(offices.a, offices.p_id, offices.usb)
    data = bytearray(out.path.read_bytes())
    damaged = tmp_path / "flip.ansync"
    data[len(data) // 2] ^= 0x40
    damaged.write_bytes(bytes(data))
    with pytest.raises(UserError) as info:
        read_package(offices.p, damaged)
    assert "damaged" in info.value.message
    assert FORGED not in info.value.message
    # The same file with its last chunk's signature replaced by zeros: encryption intact.
    data = bytearray(out.path.read_bytes())
    data[-64:] = bytes(64)
    unsigned = tmp_path / "unsigned.ansync"
    unsigned.write_bytes(bytes(data))
    with pytest.raises(UserError, match=FORGED):
        read_package(offices.p, unsigned)
