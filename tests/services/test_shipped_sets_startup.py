"""Shipped criterion sets are parsed at start-up only when the shipped files changed."""

from __future__ import annotations

from pathlib import Path

import pytest

from anninh_desktop.services import criteria_service
from anninh_desktop.services.workspace import open_workspace


def test_unchanged_shipped_files_are_not_parsed_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ws = open_workspace(tmp_path / "d")
    try:
        stored = len(ws.store.criteria.all())
        assert stored >= 6
        calls: list[Path] = []
        real = criteria_service.read_set_file

        def counting(path: Path):  # type: ignore[no-untyped-def]
            calls.append(path)
            return real(path)

        monkeypatch.setattr(criteria_service, "read_set_file", counting)
        assert criteria_service.import_shipped_sets(ws) == 0
        assert calls == []
        ws.store.set_meta(criteria_service.SHIPPED_KEY, "something else")  # as after an update
        assert criteria_service.import_shipped_sets(ws) == 0  # same versions: nothing added
        assert len(calls) == stored
        assert len(ws.store.criteria.all()) == stored
    finally:
        ws.close()
