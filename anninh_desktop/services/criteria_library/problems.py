"""Problems found in a criterion set file, each pointing at a file, a line and a field."""

from __future__ import annotations

from dataclasses import dataclass

from yaml.error import Mark
from yaml.nodes import Node


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a set file; str() reads `file.yaml:42: criteria[3].items[1].text: …`."""

    file: str
    line: int  # 1-based; 0 when the problem is about the file as a whole
    path: str  # the mapping holding the field, e.g. "criteria[3].items[1]"; "" at the top
    field: str  # the field, e.g. "text"; "" when the problem is about the mapping itself
    message: str  # already translated

    @property
    def location(self) -> str:
        return ".".join(part for part in (self.path, self.field) if part)

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        location = self.location
        if location:
            return f"{where}: {location}: {self.message}"
        return f"{where}: {self.message}"


class CriterionSetError(Exception):
    """A set file that cannot be used; `problems` lists everything found, in file order."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems, key=lambda p: (p.file, p.line))
        super().__init__("\n".join(str(p) for p in self.problems))


class ProblemSink:
    """Collects problems for one file while it is read, so that all of them are reported at once."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.problems: list[Problem] = []

    def add(self, at: Node | Mark | int | None, path: str, field: str, message: str) -> None:
        """Record a problem at a node, a mark, a 1-based line number, or the whole file (None)."""
        if isinstance(at, Node):
            line = at.start_mark.line + 1
        elif isinstance(at, int):
            line = at
        elif at is not None:
            # a Mark, or the look-alike that the C parser (yaml._yaml.Mark) raises with
            line = int(getattr(at, "line", -1)) + 1
        else:
            line = 0
        self.problems.append(Problem(self.file, line, path, field, message))

    def extend(self, problems: list[Problem]) -> None:
        self.problems.extend(problems)

    def raise_if_any(self) -> None:
        if self.problems:
            raise CriterionSetError(self.problems)


def join_path(path: str, field: str) -> str:
    """`criteria[3]` + `items` → `criteria[3].items`."""
    return f"{path}.{field}" if path else field
