"""Loading a criterion set file: YAML → checked, flattened, immutable CriterionSet."""

from __future__ import annotations

import hashlib
import uuid
from pathlib import Path

import yaml
from yaml.nodes import Node, ScalarNode

from anninh_desktop.domain.criteria import CriterionSet
from anninh_desktop.i18n import _
from anninh_desktop.services.criteria_library.header import TOP_FIELDS, read_header
from anninh_desktop.services.criteria_library.nodes import Fields, scalar_value
from anninh_desktop.services.criteria_library.problems import (
    CriterionSetError,
    Problem,
    ProblemSink,
)
from anninh_desktop.services.criteria_library.rows import RowReader
from anninh_desktop.services.criteria_library.tree import (
    IncludeError,
    Resolver,
    expand_includes,
    flatten,
)
from anninh_desktop.services.shipped_sets import SET_FILE_SUFFIX, shipped_set_files  # noqa: F401

# Fixed for ever: a set id is uuid5(SET_ID_NAMESPACE, "<code>:<version>"), the same everywhere.
SET_ID_NAMESPACE = uuid.UUID("5d0f6c4e-7a43-5b8e-9b1c-2f6e3c8a9d10")

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def set_id(code: str, version: int) -> str:
    """The deterministic id of a set version (32 hex digits)."""
    return uuid.uuid5(SET_ID_NAMESPACE, f"{code}:{version}").hex


def parse_set_text(text: str, source_name: str, resolver: Resolver | None = None) -> CriterionSet:
    """Parse and check the text of a set file; raises CriterionSetError listing every problem."""
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return _parse(text, source_name, digest, resolver)


def validate_set_text(
    text: str, source_name: str, resolver: Resolver | None = None
) -> list[Problem]:
    """The problems of a set text (empty when it loads), for an editor that checks as one types."""
    try:
        parse_set_text(text, source_name, resolver)
    except CriterionSetError as exc:
        return exc.problems
    return []


def load_set_file(path: Path, resolver: Resolver | None = None) -> CriterionSet:
    """Load one set file; includes are looked up among the set files of the same folder."""
    if resolver is None:
        return FolderResolver(path.parent).load(path)
    text, digest = _read(path)
    return _parse(text, path.name, digest, resolver)


def _read(path: Path) -> tuple[str, str]:
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        problem = Problem(path.name, 0, "", "", _("the file is not UTF-8 text; save it as UTF-8"))
        raise CriterionSetError([problem]) from exc
    return text, hashlib.sha256(data).hexdigest()


def _compose(text: str, sink: ProblemSink) -> Node | None:
    try:
        node: Node | None = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        detail = ": ".join(part for part in (exc.context, exc.problem) if part)
        sink.add(mark, "", "", _("not valid YAML: {detail}").format(detail=detail))
        return None
    except yaml.YAMLError as exc:
        sink.add(None, "", "", _("not valid YAML: {detail}").format(detail=str(exc)))
        return None
    if node is None:
        sink.add(None, "", "", _("the file is empty"))
    return node


def _parse(text: str, source_name: str, digest: str, resolver: Resolver | None) -> CriterionSet:
    sink = ProblemSink(source_name)
    root = _compose(text, sink)
    sink.raise_if_any()
    assert root is not None
    top = Fields(sink, root, "", TOP_FIELDS)
    if not top.ok:
        sink.raise_if_any()
    header = read_header(top)
    rows = RowReader(sink, header.scoring).read_top(top)
    expand_includes(rows, resolver, sink, header.scoring)
    criteria = flatten(rows, sink)
    if header.complete and any(not c.known for c in criteria):
        top.problem(
            "complete",
            _("some rows are marked known: false, so the set must say complete: false"),
        )
    sink.raise_if_any()
    return CriterionSet(
        id=set_id(header.code, header.version),
        code=header.code,
        version=header.version,
        title=header.title,
        unit_kinds=header.unit_kinds,
        period_rule=header.period_rule,
        legal_basis=header.legal_basis,
        title_en=header.title_en,
        province_code=header.province_code,
        valid_from=header.valid_from,
        valid_to=header.valid_to,
        scoring=header.scoring,
        max_points=header.max_points,
        thresholds=header.thresholds,
        authority=header.authority,
        deadlines=header.deadlines,
        complete=header.complete,
        notes=header.notes,
        criteria=criteria,
        source_sha256=digest,
    )


class FolderResolver:
    """Finds included sets among the set files of one folder, by the code and version inside them.

    It remembers what it loaded, so one resolver can load a whole folder with each file read once,
    and it reports include cycles instead of recursing for ever.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._index: dict[tuple[str, int], list[Path]] | None = None
        self._loaded: dict[Path, CriterionSet] = {}
        self._loading: list[tuple[str, int]] = []

    def __call__(self, code: str, version: int) -> CriterionSet:
        key = (code, version)
        if key in self._loading:
            chain = [*self._loading[self._loading.index(key) :], key]
            raise IncludeError(
                _("include cycle: {chain}").format(chain=" → ".join(f"{c} v{v}" for c, v in chain))
            )
        paths = self.index().get(key, [])
        if not paths:
            raise IncludeError(
                _("no file in the folder {folder} holds set {set} version {version}").format(
                    folder=self.folder.name, set=code, version=version
                )
            )
        if len(paths) > 1:
            raise IncludeError(
                _("set {set} version {version} is in more than one file: {files}").format(
                    set=code, version=version, files=", ".join(p.name for p in paths)
                )
            )
        return self.load(paths[0])

    def load(self, path: Path) -> CriterionSet:
        """Load a set file of this folder (or any file), resolving its includes here."""
        resolved = path.resolve()
        if resolved in self._loaded:
            return self._loaded[resolved]
        key = next((k for k, ps in self.index().items() if resolved in ps), None)
        text, digest = _read(path)
        if key is not None:
            self._loading.append(key)
        try:
            loaded = _parse(text, path.name, digest, self)
        finally:
            if key is not None:
                self._loading.pop()
        self._loaded[resolved] = loaded
        return loaded

    def index(self) -> dict[tuple[str, int], list[Path]]:
        """(code, version) → files, read from each file's `code` and `version` fields."""
        if self._index is None:
            self._index = {}
            for path in sorted(self.folder.glob(f"*{SET_FILE_SUFFIX}")):
                key = _code_and_version(path)
                if key is not None:
                    self._index.setdefault(key, []).append(path.resolve())
        return self._index


def _code_and_version(path: Path) -> tuple[str, int] | None:
    """The code and version a file claims, or None when it is not a readable set file."""
    try:
        root = yaml.compose(path.read_bytes().decode("utf-8-sig"), Loader=_Loader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return None
    if root is None or not isinstance(root.value, list):
        return None
    found: dict[str, object] = {}
    for key, value in root.value:
        if isinstance(key, ScalarNode) and isinstance(value, ScalarNode):
            if key.value in ("code", "version"):
                found[str(key.value)] = scalar_value(value)
    code, version = found.get("code"), found.get("version")
    if isinstance(code, str) and isinstance(version, int) and not isinstance(version, bool):
        return code, version
    return None
