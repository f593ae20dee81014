"""Criterion set files: one YAML file per set version, loaded into immutable CriterionSet values.

The format is documented in docs/criterion-set-format.md. Loading checks everything (fields, types,
enum values, refs, dates, scoring) and reports every problem with its file, line and field.
"""

from anninh_desktop.services.criteria_library.dumper import dump_set
from anninh_desktop.services.criteria_library.header import FORMAT_VERSION
from anninh_desktop.services.criteria_library.loader import (
    FolderResolver,
    load_set_file,
    parse_set_text,
    set_id,
    shipped_set_files,
    validate_set_text,
)
from anninh_desktop.services.criteria_library.problems import CriterionSetError, Problem
from anninh_desktop.services.criteria_library.tree import IncludeError, Resolver

__all__ = [
    "FORMAT_VERSION",
    "CriterionSetError",
    "FolderResolver",
    "IncludeError",
    "Problem",
    "Resolver",
    "dump_set",
    "load_set_file",
    "parse_set_text",
    "set_id",
    "shipped_set_files",
    "validate_set_text",
]
