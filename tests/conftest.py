"""Test settings shared by every test: Qt offscreen, English messages unless a test asks otherwise."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest

from anninh_desktop import i18n


@pytest.fixture(autouse=True)
def _english_by_default():
    i18n.set_language("en")
    yield
    i18n.set_language("en")
