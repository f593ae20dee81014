"""The log file: written in the data folder, rotated at start when it grew too big."""

from __future__ import annotations

import logging
from pathlib import Path

from anninh_desktop.logging_setup import rotate_log, setup_logging


def test_setup_logging_writes_to_the_data_folder(tmp_path: Path) -> None:
    path = setup_logging(tmp_path)
    try:
        assert path == tmp_path / "logs" / "anninh.log"
        logging.getLogger("anninh_desktop.test").warning("Xã Hồ Thị Kỷ")
        for handler in logging.getLogger().handlers:
            handler.flush()
        assert "Xã Hồ Thị Kỷ" in path.read_text(encoding="utf-8")
    finally:
        setup_logging(None)


def test_a_big_log_is_moved_aside_and_the_oldest_dropped(tmp_path: Path) -> None:
    log = tmp_path / "anninh.log"
    for n, text in ((1, "one"), (2, "two"), (3, "three")):
        log.with_name(f"anninh.log.{n}").write_text(text)
    log.write_text("x" * 101)
    rotate_log(log, max_bytes=100, backups=3)
    assert not log.exists()
    assert log.with_name("anninh.log.1").read_text() == "x" * 101
    assert log.with_name("anninh.log.2").read_text() == "one"
    assert log.with_name("anninh.log.3").read_text() == "two"
    assert not log.with_name("anninh.log.4").exists()


def test_a_small_or_missing_log_stays(tmp_path: Path) -> None:
    log = tmp_path / "anninh.log"
    rotate_log(log, max_bytes=100)
    log.write_text("x" * 100)
    rotate_log(log, max_bytes=100)
    assert log.read_text() == "x" * 100
    assert not log.with_name("anninh.log.1").exists()
