"""Names of the command line's implementation, imported when a command first uses them.

`anninh --help` and a quick command must not pay for importing what other commands need (the
dossier's reportlab and pypdf, the sync's cryptography, YAML for criterion set files…): each
command module describes its parser with light imports only, and names its services through
these proxies (issue 14; tests/cli/test_cli_startup_imports.py, bench/cli_start.py).
"""

from __future__ import annotations

import importlib
import types
from collections.abc import Callable
from typing import Any


class LazyModule(types.ModuleType):
    """A module, imported on first attribute access (the real module in `sys.modules`)."""

    def __init__(self, name: str) -> None:
        super().__init__(name)

    def __getattr__(self, attribute: str) -> Any:
        return getattr(importlib.import_module(self.__name__), attribute)


def lazy_module(name: str) -> Any:
    return LazyModule(name)


def lazy_function(module: str, name: str) -> Callable[..., Any]:
    """A function of `module`, imported when first called."""

    def call(*args: Any, **kwargs: Any) -> Any:
        return getattr(importlib.import_module(module), name)(*args, **kwargs)

    call.__name__ = call.__qualname__ = name
    return call
