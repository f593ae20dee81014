"""The Vietnamese words of the movement report: `resources/movement/bao-cao-phong-trao.txt`.

Same format as the dossier's template files (services/dossier/templates.py, whose reader and filler
are used here): one-line sections, `{name}` placeholders, `[[ … ]]` kept only when filled.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from anninh_desktop.i18n import _
from anninh_desktop.services.dossier.templates import TemplateError, fill, split_sections
from anninh_desktop.services.movement.forms import movement_dir

REPORT_WORDS = "bao-cao-phong-trao.txt"


class ReportWords:
    def __init__(self, path: Path) -> None:
        self.file_name = path.name
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise TemplateError(
                _(
                    "The report template {file} cannot be read ({reason}); reinstall the program."
                ).format(file=path, reason=exc)
            ) from exc
        self._sections = dict(split_sections(text))

    def lines(self, key: str, **values: object) -> list[str]:
        """A section's lines, each filled."""
        if key not in self._sections:
            raise TemplateError(
                _(
                    "The report template {file} lacks the section [{name}]; reinstall the program."
                ).format(file=self.file_name, name=key)
            )
        strings = {k: str(v) for k, v in values.items()}
        return [fill(line, strings, source=self.file_name) for line in self._sections[key] if line]

    def get(self, key: str, **values: object) -> str:
        return " ".join(line.strip() for line in self.lines(key, **values))


@lru_cache(maxsize=2)
def _words(path: str, mtime_ns: int) -> ReportWords:
    return ReportWords(Path(path))


def report_words() -> ReportWords:
    path = movement_dir() / REPORT_WORDS
    try:
        mtime = path.stat().st_mtime_ns
    except OSError:
        mtime = 0
    return _words(str(path), mtime)
