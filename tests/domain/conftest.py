"""Domain tests run with English messages (NullTranslations) whatever the session's language."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from anninh_desktop import i18n


@pytest.fixture(autouse=True)
def _english_messages() -> Iterator[None]:
    previous = i18n.current_language()
    i18n.set_language("en")
    yield
    i18n.set_language(previous)
