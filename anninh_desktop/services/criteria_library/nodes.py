"""Reading typed fields out of composed YAML nodes, with the line of every value.

The loader works on `yaml.compose` nodes rather than `safe_load` data so that each problem can name
its line, duplicate keys are caught (PyYAML keeps the last one silently) and a ref such as `4.10`
keeps its spelling instead of becoming the float 4.1.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import TypeVar

from yaml.constructor import ConstructorError, SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from anninh_desktop.domain.text import fold, nfc
from anninh_desktop.i18n import _
from anninh_desktop.services.criteria_library.problems import ProblemSink, join_path

T = TypeVar("T")

TAG_NULL = "tag:yaml.org,2002:null"
TAG_BOOL = "tag:yaml.org,2002:bool"
TAG_INT = "tag:yaml.org,2002:int"
TAG_FLOAT = "tag:yaml.org,2002:float"
TAG_STR = "tag:yaml.org,2002:str"
TAG_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_TEXT_TAGS = (TAG_STR, TAG_INT, TAG_FLOAT, TAG_BOOL, TAG_TIMESTAMP)

# Used only through its scalar constructors, which keep no state.
_CONSTRUCTOR = SafeConstructor()


def scalar_value(node: ScalarNode) -> object:
    """The Python value YAML gives a scalar (int, float, bool, date, None or str)."""
    construct = SafeConstructor.yaml_constructors.get(node.tag)
    if construct is None or node.tag not in (*_TEXT_TAGS, TAG_NULL):
        return node.value
    try:
        return construct(_CONSTRUCTOR, node)
    except (ValueError, OverflowError, ConstructorError):
        return node.value  # e.g. 2022-02-30: looks like a date but is none; the caller reports it


def is_null(node: Node | None) -> bool:
    return node is None or (isinstance(node, ScalarNode) and node.tag == TAG_NULL)


def parse_day(value: object) -> date | None:
    """A date from a YAML date or from text written `2022-02-10` or `10/02/2022`."""
    if isinstance(value, datetime):
        return None
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        return None
    text = value.strip()
    try:
        return date.fromisoformat(text)
    except ValueError:
        pass
    try:
        return datetime.strptime(text, "%d/%m/%Y").date()
    except ValueError:
        return None


class Fields:
    """The fields of one YAML mapping, read one by one; problems go to the sink with their line."""

    def __init__(self, sink: ProblemSink, node: Node, path: str, allowed: Sequence[str]) -> None:
        self.sink = sink
        self.node = node
        self.path = path
        self._values: dict[str, Node] = {}
        self.ok = isinstance(node, MappingNode)
        if not self.ok:
            sink.add(node, "", path, _("must be a mapping of fields (name: value)"))
            return
        first_line: dict[str, int] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                sink.add(key_node, path, "", _("a field name must be plain text"))
                continue
            name = nfc(str(key_node.value)).strip()
            if name in first_line:
                sink.add(
                    key_node,
                    path,
                    name,
                    _("field given twice (first on line {line})").format(line=first_line[name]),
                )
                continue
            first_line[name] = key_node.start_mark.line + 1
            if name not in allowed:
                sink.add(key_node, path, name, _unknown_field_message(name, allowed))
                continue
            self._values[name] = value_node

    # -- presence ---------------------------------------------------------------------------------

    def has(self, name: str) -> bool:
        """Whether the field is given with a value (an empty value counts as not given)."""
        return not is_null(self._values.get(name))

    def node_of(self, name: str) -> Node | None:
        return self._values.get(name)

    def line_of(self, name: str) -> int:
        node = self._values.get(name, self.node)
        return int(node.start_mark.line) + 1

    def problem(self, name: str, message: str) -> None:
        """Report a problem on a field (at its value when given, else at the mapping)."""
        self.sink.add(self._values.get(name, self.node), self.path, name, message)

    def _missing(self, name: str) -> None:
        self.sink.add(self.node, self.path, name, _("required field missing"))

    def _scalar(self, name: str, required: bool) -> ScalarNode | None:
        node = self._values.get(name)
        if is_null(node):
            if required and self.ok:
                self._missing(name)
            return None
        if not isinstance(node, ScalarNode):
            self.problem(name, _("must be a single value, not a list or a mapping"))
            return None
        if node.tag not in (*_TEXT_TAGS, TAG_NULL):
            self.problem(name, _("unsupported YAML tag {tag}").format(tag=node.tag))
            return None
        return node

    # -- typed values -----------------------------------------------------------------------------

    def text(self, name: str, required: bool = False) -> str:
        """A text value in NFC without surrounding blanks; "" when absent."""
        node = self._scalar(name, required)
        if node is None:
            return ""
        value = nfc(str(node.value)).strip()
        if not value and required:
            self.problem(name, _("must not be empty"))
        return value

    def boolean(self, name: str, default: bool) -> bool:
        node = self._scalar(name, False)
        if node is None:
            return default
        value = scalar_value(node)
        if not isinstance(value, bool):
            self.problem(name, _("must be true or false"))
            return default
        return value

    def integer(
        self,
        name: str,
        required: bool = False,
        minimum: int | None = None,
        maximum: int | None = None,
    ) -> int | None:
        node = self._scalar(name, required)
        if node is None:
            return None
        value = scalar_value(node)
        if isinstance(value, bool) or not isinstance(value, int):
            self.problem(name, _("must be a whole number"))
            return None
        return value if self._in_range(name, value, minimum, maximum) else None

    def number(self, name: str, minimum: float | None = None) -> float | None:
        node = self._scalar(name, False)
        if node is None:
            return None
        value = scalar_value(node)
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.problem(name, _("must be a number"))
            return None
        return float(value) if self._in_range(name, value, minimum, None) else None

    def _in_range(
        self, name: str, value: float, minimum: float | None, maximum: float | None
    ) -> bool:
        if minimum is not None and value < minimum:
            self.problem(name, _("must be at least {minimum}").format(minimum=minimum))
            return False
        if maximum is not None and value > maximum:
            self.problem(name, _("must be at most {maximum}").format(maximum=maximum))
            return False
        return True

    def day(self, name: str, required: bool = False) -> date | None:
        node = self._scalar(name, required)
        if node is None:
            return None
        value = parse_day(scalar_value(node))
        if value is None:
            self.problem(name, _("not a valid date; write it as YYYY-MM-DD, e.g. 2022-02-10"))
        return value

    def choice(self, name: str, choices: Mapping[str, T], required: bool = False) -> T | None:
        """One of a fixed set of words (an enum value), matched ignoring case and accents."""
        node = self._scalar(name, required)
        if node is None:
            return None
        return choose(self.sink, node, self.path, name, choices)

    # -- structure --------------------------------------------------------------------------------

    def sequence(self, name: str, required: bool = False) -> list[tuple[str, Node]]:
        """The elements of a list field, each with its path (`criteria[3]`)."""
        node = self._values.get(name)
        if is_null(node):
            if required and self.ok:
                self._missing(name)
            return []
        if not isinstance(node, SequenceNode):
            self.problem(name, _("must be a list (lines starting with “- ”)"))
            return []
        if not node.value and required:
            self.problem(name, _("must not be empty"))
        base = join_path(self.path, name)
        return [(f"{base}[{index}]", item) for index, item in enumerate(node.value)]

    def mapping(self, name: str, allowed: Sequence[str], required: bool = False) -> Fields | None:
        node = self._values.get(name)
        if is_null(node):
            if required and self.ok:
                self._missing(name)
            return None
        assert node is not None
        fields = Fields(self.sink, node, join_path(self.path, name), allowed)
        return fields if fields.ok else None


def choose[T](
    sink: ProblemSink, node: Node, path: str, field: str, choices: Mapping[str, T]
) -> T | None:
    """The choice a scalar node names, or None after reporting a problem."""
    if not isinstance(node, ScalarNode) or is_null(node):
        sink.add(node, path, field, _("must be a single value, not a list or a mapping"))
        return None
    raw = nfc(str(node.value)).strip()
    # fold() also lets "QD" stand for "QĐ" on a keyboard without Vietnamese input
    folded = {fold(key): value for key, value in choices.items()}
    found = folded.get(fold(raw))
    if found is None:
        sink.add(
            node,
            path,
            field,
            _("“{value}” is not allowed; use one of: {choices}").format(
                value=raw, choices=", ".join(choices)
            ),
        )
    return found


def _unknown_field_message(name: str, allowed: Sequence[str]) -> str:
    close = difflib.get_close_matches(name, allowed, n=1, cutoff=0.6)
    if close:
        return _("unknown field; did you mean “{suggestion}”?").format(suggestion=close[0])
    return _("unknown field; allowed here: {fields}").format(fields=", ".join(allowed))
