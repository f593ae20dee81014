"""The dossier's Vietnamese words: template files in ``resources/templates/`` and their filling.

A template file is plain UTF-8 text. Lines starting with ``#`` are comments. A line ``[name]`` starts a
section; the lines up to the next section belong to it (blank lines at its ends are dropped).
``{name}`` is replaced by a value (``{{`` and ``}}`` give literal braces); ``[[ … ]]`` is kept only
when every placeholder inside it has a non-empty value. A placeholder that stands alone on its line
may expand to several lines (a list). The format is described in docs/dossier.md.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from functools import lru_cache
from pathlib import Path

from anninh_desktop.domain.text import nfc
from anninh_desktop.i18n import _
from anninh_desktop.locations import resources_dir
from anninh_desktop.services.errors import UserError

_SECTION_RE = re.compile(r"^\[([^\[\]]+)\]\s*$")
_PLACEHOLDER_RE = re.compile(r"\{\{|\}\}|\{([A-Za-z_][A-Za-z0-9_]*)\}")
_OPTIONAL_RE = re.compile(r"\[\[(.*?)\]\]")

LABELS_FILE = "labels.txt"
FRAGMENTS_FILE = "fragments.txt"


class TemplateError(UserError):
    """A template file that cannot be used (a damaged or wrongly edited installation)."""


def templates_dir() -> Path:
    return resources_dir() / "templates"


def split_sections(text: str, *, comments: bool = True) -> list[tuple[str, list[str]]]:
    """(section name, lines) in file order; text before the first section is ignored.

    With ``comments`` (template files) lines starting with ``#`` are dropped; the user's own
    document text keeps every line.
    """
    sections: list[tuple[str, list[str]]] = []
    for raw in nfc(text).replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = raw.rstrip()
        if comments and line.lstrip().startswith("#"):
            continue
        match = _SECTION_RE.match(line.strip())
        if match and not line.strip().startswith("[["):
            sections.append((match.group(1).strip(), []))
        elif sections:
            sections[-1][1].append(line)
    return [(name, _trim(lines)) for name, lines in sections]


def _trim(lines: list[str]) -> list[str]:
    start, end = 0, len(lines)
    while start < end and not lines[start].strip():
        start += 1
    while end > start and not lines[end - 1].strip():
        end -= 1
    return lines[start:end]


@lru_cache(maxsize=16)
def _read(path: str, mtime_ns: int) -> tuple[tuple[str, tuple[str, ...]], ...]:
    text = Path(path).read_text(encoding="utf-8")
    return tuple((name, tuple(lines)) for name, lines in split_sections(text))


def load(name: str) -> list[tuple[str, list[str]]]:
    """The sections of a template file of ``resources/templates``."""
    path = templates_dir() / name
    try:
        sections = _read(str(path), path.stat().st_mtime_ns)
    except (OSError, UnicodeDecodeError) as exc:
        raise TemplateError(
            _(
                "The dossier template {file} cannot be read ({reason}); reinstall the program."
            ).format(file=path, reason=exc)
        ) from exc
    return [(section, list(lines)) for section, lines in sections]


def placeholders(text: str) -> set[str]:
    """The placeholder names used in a template text."""
    return {m.group(1) for m in _PLACEHOLDER_RE.finditer(text) if m.group(1)}


def fill(template: str, values: Mapping[str, str], *, source: str = "") -> str:
    """One template line with its placeholders replaced; unknown names are an error."""

    def optional(match: re.Match[str]) -> str:
        inner = match.group(1)
        names = placeholders(inner)
        missing = names - set(values)
        if missing:
            raise _unknown(missing, source)
        return fill(inner, values, source=source) if all(values[n] for n in names) else ""

    def replace(match: re.Match[str]) -> str:
        token = match.group(0)
        if token == "{{":
            return "{"
        if token == "}}":
            return "}"
        name = match.group(1)
        if name not in values:
            raise _unknown({name}, source)
        return values[name]

    return nfc(_PLACEHOLDER_RE.sub(replace, _OPTIONAL_RE.sub(optional, template)))


def fill_lines(
    lines: Sequence[str],
    values: Mapping[str, str],
    lists: Mapping[str, Sequence[str]],
    *,
    source: str = "",
) -> list[str]:
    """Lines filled with `values`; a line that is only ``{name}`` of a list becomes its lines."""
    out: list[str] = []
    for line in lines:
        stripped = line.strip()
        if stripped.startswith("{") and stripped.endswith("}") and stripped[1:-1] in lists:
            out.extend(lists[stripped[1:-1]])
        else:
            out.append(fill(line, values, source=source))
    return out


def _unknown(names: set[str], source: str) -> TemplateError:
    return TemplateError(
        _("The dossier template {file} uses unknown placeholders: {names}.").format(
            file=source or "?", names=", ".join("{" + n + "}" for n in sorted(names))
        )
    )


class Phrases:
    """The one-line sections of a template file (labels, fragments), filled on request."""

    def __init__(self, file_name: str) -> None:
        self.file_name = file_name
        self._sections = dict(load(file_name))
        self._lines = {
            name: " ".join(x.strip() for x in lines) for name, lines in self._sections.items()
        }

    def __contains__(self, key: str) -> bool:
        return key in self._lines

    def raw(self, key: str) -> str:
        try:
            return self._lines[key]
        except KeyError:
            raise TemplateError(
                _(
                    "The dossier template {file} lacks the section [{name}]; reinstall the program."
                ).format(file=self.file_name, name=key)
            ) from None

    def lines(self, key: str) -> list[str]:
        """The section's lines as written (for lists such as the subtype abbreviations)."""
        self.raw(key)
        return [line.strip() for line in self._sections[key] if line.strip()]

    def get(self, key: str, **values: object) -> str:
        return fill(self.raw(key), {k: str(v) for k, v in values.items()}, source=self.file_name)


@lru_cache(maxsize=4)
def _phrases(file_name: str, mtime_ns: int) -> Phrases:
    return Phrases(file_name)


def phrases(file_name: str) -> Phrases:
    """Cached phrases of a file (re-read when the file changes)."""
    try:
        mtime = (templates_dir() / file_name).stat().st_mtime_ns
    except OSError:
        mtime = 0
    return _phrases(file_name, mtime)


def labels() -> Phrases:
    return phrases(LABELS_FILE)


def fragments() -> Phrases:
    return phrases(FRAGMENTS_FILE)
