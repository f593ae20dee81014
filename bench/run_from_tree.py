"""Run `anninh` from another checkout of the program, with this venv: before/after timings of a
command in the same run (the venv's editable install would otherwise import this worktree).

    .venv/bin/python bench/run_from_tree.py <tree> [anninh arguments…]

e.g. `git worktree add --detach /tmp/old <commit>`, then time both trees alternately (the old
tree needs the compiled catalog `translations/vi/LC_MESSAGES/anninh.mo` and a data folder at
its schema version).
"""

import sys

root = sys.argv[1]
sys.meta_path[:] = [f for f in sys.meta_path if "editable" not in repr(f).lower()]
sys.path.insert(0, root)
from anninh_desktop.entry import cli  # noqa: E402

sys.argv = ["anninh", *sys.argv[2:]]
raise SystemExit(cli())
