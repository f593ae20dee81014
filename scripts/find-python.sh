# Sourced by scripts/setup and scripts/lock: find a Python the program supports.
# Supported: CPython 3.12 and 3.13 (pyproject.toml's requires-python; the lock is checked on both).
# Python 3.11 is refused: with PySide6 6.12 on 3.11, converting an empty QVariant to None (and every
# Python signal emit) drops a reference to None/True and aborts the program after a while ("Fatal Python
# error: none_dealloc"); from 3.12 on those objects are immortal (docs/window-architecture.md).
# PYTHON=/path/to/python chooses the interpreter.

is_supported_python() {
  "$1" -c 'import sys; sys.exit(not ((3, 12) <= sys.version_info[:2] <= (3, 13)))' >/dev/null 2>&1
}

find_python() {
  local candidate
  for candidate in "${PYTHON:-}" python3.12 python3.13 \
      "$HOME"/.pyenv/versions/3.12*/bin/python3 "$HOME"/.pyenv/versions/3.13*/bin/python3 \
      /usr/local/bin/python3.12 /usr/local/bin/python3.13 /usr/bin/python3.12 /usr/bin/python3.13 \
      python3; do
    [ -n "$candidate" ] || continue
    command -v "$candidate" >/dev/null 2>&1 || [ -x "$candidate" ] || continue
    if is_supported_python "$candidate"; then echo "$candidate"; return 0; fi
  done
  return 1
}
