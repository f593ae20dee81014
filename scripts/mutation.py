#!/usr/bin/env python3
"""Mutation testing of the rules that must not bend (docs/testing.md).

    .venv/bin/python scripts/mutation.py                 # every target
    .venv/bin/python scripts/mutation.py domain blobs    # some of them
    .venv/bin/python scripts/mutation.py --list

For each target, mutmut (locked: requirements/mutation.txt, installed into .venv on first use) makes
small changes ("mutants") to the target's modules, one at a time — `>=` into `>`, `continue` into
`break`, a constant changed, a call dropped — and runs the tests that reach the changed function. A
mutant the tests do not notice "survives": a plausible bug that no test would catch. Each target runs
in its own copy of the project under build/mutation/<target>/ (the checkout is never touched). A
target may take only some functions of a module (`only`: the sync's reading.py holds the import's
attribution and refusal, and much else that is not an authority rule).

Survivors are either killed by a new test, or listed in tests/mutation-equivalents.toml with the
reason they cannot change behaviour (an equivalent mutant). The script writes build/mutation/report.md
(figures per target and the diff of every survivor not listed) and exits 1 when a target scores under
90 % killed, or when a listed mutant no longer exists or is now killed (so the list stays true).
The score counts a mutant no selected test reaches ("no tests") as a survivor. Mutants that time
out are run again, one at a time (a busy machine makes slow tests look hung); those that still time
out make the tests hang, which fails the suite as surely as a failed assertion: they count as killed
and the report lists them.
"""

from __future__ import annotations

import argparse
import fnmatch
import json
import os
import shutil
import subprocess
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "build" / "mutation"
EQUIVALENTS = ROOT / "tests" / "mutation-equivalents.toml"
TARGET_SCORE = 0.90
VENV = ROOT / ".venv" / "bin"


@dataclass(frozen=True)
class Target:
    name: str
    modules: tuple[str, ...]  # files to mutate, relative to the repository
    tests: tuple[str, ...]  # the tests that guard them
    what: str
    # Only these functions of the modules (fnmatch patterns of mutant names, e.g.
    # "anninh_desktop.services.sync.reading.x_attribution__mutmut_*"); empty: every function.
    only: tuple[str, ...] = ()

    def covers(self, mutant: str) -> bool:
        """Whether a mutant name belongs to this target."""
        if not mutant.startswith(tuple(_prefixes(self))):
            return False
        return not self.only or any(fnmatch.fnmatch(mutant, p) for p in self.only)


def _functions(module: str, *names: str) -> tuple[str, ...]:
    """Mutant-name patterns of some top-level functions of a module."""
    dotted = module.removesuffix(".py").replace("/", ".")
    return tuple(f"{dotted}.x_{name}__mutmut_*" for name in names)


def _method(module: str, cls: str, name: str) -> str:
    """The mutant-name pattern of a method."""
    return f"{module.removesuffix('.py').replace('/', '.')}.xǁ{cls}ǁ{name}__mutmut_*"


def _sync(name: str) -> str:
    return f"anninh_desktop/services/sync/{name}.py"


def _signing(name: str) -> str:
    return f"anninh_desktop/services/signing/{name}.py"


def _everything_in(*modules: str) -> tuple[str, ...]:
    return tuple(m.removesuffix(".py").replace("/", ".") + ".*" for m in modules)


TARGETS = {
    t.name: t
    for t in (
        Target(
            "domain",
            tuple(
                str(p.relative_to(ROOT))
                for p in sorted((ROOT / "anninh_desktop" / "domain").glob("*.py"))
                if p.name != "__init__.py" and not p.name.startswith("sync_")
            ),
            ("tests/domain",),
            "progress, eligibility, points, the 70 % child rule, periods, states and their "
            "transitions, numbering, the audit chain's hashing, units, text folding",
        ),
        Target(
            "blobs",
            ("anninh_desktop/storage/blobstore.py", "anninh_desktop/storage/sync_blobs.py"),
            ("tests/storage",),
            "the evidence blob store: hashing, the durability order (write, fsync, rename, fsync "
            "the folder) of every write path, a sync import's adoption of its staged blobs included",
        ),
        Target(
            "numbering",
            ("anninh_desktop/services/dossier/numbers.py",),
            ("tests/services/dossier/test_dossier_numbers.py",),
            "the dossier numbers: given once, never two builds one number",
        ),
        Target(
            "authority",
            (_sync("authorship"), _sync("reading")),
            # The focused tests only: test_sync_authority.py, test_sync_appraiser_states.py and
            # test_movement_sync.py go through the same functions end to end, but each surviving
            # mutant would cost their whole time (half a minute per mutant on this machine).
            ("tests/services/sync/test_sync_row_authors.py",),
            "the ownership and authority rules as an import applies them (the rules themselves, "
            "domain/authority.py, are in the domain target): who a row is attributed to (the "
            "sender, or the author whose own signature of the row verifies), the refusal and "
            "its reasons",
            only=(
                *_everything_in(_sync("authorship")),
                *_functions(_sync("reading"), "attribution", "refusal_text", "_refuse"),
            ),
        ),
        Target(
            "preview",
            (_sync("notable"),),
            ("tests/services/sync/test_sync_preview_notable.py",),
            "the import preview's lines that name what matters, with the authority each needs, "
            "the office that made it, and a result changed while its assessment is locked",
            # the lines' authority, author and locked mark, not how values are worded (_value,
            # _subject, _Names: labels and formatting, no rule)
            only=_functions(
                _sync("notable"), "notable_lines", "_locked", "_locked_result_lines", "_offices"
            ),
        ),
        Target(
            "ownership",
            (_sync("plan"),),
            (
                "tests/services/sync/test_sync_row_authors.py",
                "tests/services/sync/test_sync_authority.py",
            ),
            "the import's plan applying the rules row by row: a row naming an author without "
            "that author's signature refused, an unknown author's change checked as the "
            "sender's, a version vector that claims what was never made refused, the row's "
            "scope before and after a move both checked",
            only=(
                *_functions(_sync("plan"), "make_plan", "_bad_version"),
                _method(_sync("plan"), "Scopes", "check"),
                _method(_sync("plan"), "Scopes", "may_author"),
            ),
        ),
        Target(
            "verdict",
            (
                _signing("verify"),
                _signing("changes"),
                _signing("certificate_trust"),
                _signing("revocation"),
                _signing("chain"),
            ),
            ("tests/services/signing",),
            "the signature verdict: integrity, the signer's chain and its trust, revocation "
            "from the lists at hand, what changed after signing, and how they add up",
            # The functions that decide: reading the PDF (verify_pdf, _check_one, classify) runs
            # pyHanko on real files, and each of its surviving mutants would cost the whole
            # signing suite's time (minutes); what those functions compute reaches the verdict
            # through these, and the PDFs of tests/services/signing produce each case for real.
            only=(
                *_functions(_signing("verify"), "signature_verdict", "overall_verdict"),
                _method(_signing("verify"), "SignatureReport", "change_severity"),
                *_functions(_signing("changes"), "severity", "annotations_permitted"),
                *_functions(_signing("certificate_trust"), "certificate_trust", "_problem_of"),
                *_everything_in(_signing("revocation")),
                *_functions(_signing("chain"), "issuer_chain"),
            ),
        ),
        Target(
            "audit",
            ("anninh_desktop/storage/audit_repo.py", _sync("audit_heads")),
            (
                "tests/storage/test_storage_audit.py",
                "tests/storage/test_storage_audit_chain.py",
                "tests/services/sync/test_sync_audit_heads.py",
                "tests/services/sync/test_sync_check.py",
            ),
            "the audit chain as stored: appending, the head kept apart, the check that names "
            "the first event that does not belong (edited, removed, appended, cut short); the "
            "signed history heads a package carries (the hashing itself, domain/audit.py, is "
            "in the domain target)",
        ),
    )
}


def equivalents() -> dict[str, str]:
    if not EQUIVALENTS.exists():
        return {}
    with EQUIVALENTS.open("rb") as f:
        return {name: entry["reason"] for name, entry in tomllib.load(f).get("mutants", {}).items()}


def ensure_mutmut() -> Path:
    mutmut = VENV / "mutmut"
    stamp = ROOT / ".venv" / ".anninh-mutation-lock"
    lock = ROOT / "requirements" / "mutation.txt"
    if not mutmut.exists() or not stamp.exists() or stamp.read_bytes() != lock.read_bytes():
        subprocess.run(
            [sys.executable, str(ROOT / "scripts" / "lockfile.py"), "check", str(lock)], check=True
        )
        print("mutation: installing requirements/mutation.txt (mutmut) into .venv", flush=True)
        subprocess.run(
            [str(VENV / "python"), "-m", "pip", "install", "-q", "--require-hashes", "--no-deps",
             "--only-binary", ":all:", "-r", str(lock)],
            check=True,
        )  # fmt: skip
        shutil.copyfile(lock, stamp)
    return mutmut


def prepare(target: Target) -> Path:
    """A copy of the project for this target, with mutmut's settings in its pyproject.toml."""
    folder = WORK / target.name
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for part in ("anninh_desktop", "resources", "translations", "tests", "requirements", "scripts"):
        shutil.copytree(ROOT / part, folder / part, ignore=ignore)
    settings = {
        "source_paths": list(target.modules),
        "also_copy": ["anninh_desktop", "resources", "translations", "requirements", "scripts"],
        "pytest_add_cli_args_test_selection": list(target.tests),
        "pytest_add_cli_args": ["-p", "no:randomly", "-p", "no:xdist", "-p", "no:cacheprovider"],
    }
    lines = ["", "[tool.mutmut]"] + [f"{k} = {json.dumps(v)}" for k, v in settings.items()]
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    (folder / "pyproject.toml").write_text(text + "\n".join(lines) + "\n", encoding="utf-8")
    return folder


def run(target: Target, mutmut: Path, children: int) -> dict:
    folder = prepare(target)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "TERM": "dumb"}
    print(
        f"mutation: {target.name}: {len(target.modules)} modules, tests {' '.join(target.tests)}",
        flush=True,
    )
    done = subprocess.run(
        [str(mutmut), "run", "--max-children", str(children), *target.only],
        cwd=folder, env=env, capture_output=True, text=True,
    )  # fmt: skip
    if done.returncode != 0:
        print(done.stdout[-3000:], done.stderr[-3000:], file=sys.stderr)
        raise SystemExit(f"mutation: mutmut failed on {target.name}")
    timeouts = [n for n, s in _statuses(mutmut, folder, env, target).items() if s == "timeout"]
    if timeouts:
        # A timeout in a busy run is often only the load (the limit is a multiple of the tests'
        # time measured before): run those mutants again, one at a time. What still times out
        # hangs (a worker thread never stopped, a loop never left): the tests do not pass.
        print(f"mutation: {target.name}: {len(timeouts)} timeouts, running them again alone",
              flush=True)  # fmt: skip
        subprocess.run(
            [str(mutmut), "run", "--max-children", "1", *timeouts],
            cwd=folder, env=env, capture_output=True, text=True, check=True,
        )  # fmt: skip
    statuses = _statuses(mutmut, folder, env, target)
    unrun = sorted(n for n, s in statuses.items() if s == "not checked")
    if unrun:
        raise SystemExit(
            f"mutation: {target.name}: {len(unrun)} mutants were not run ({unrun[0]}…)"
        )
    survivors = {n: s for n, s in statuses.items() if s in {"survived", "no tests", "suspicious"}}
    alone = _killed_alone(folder, env, [n for n, s in survivors.items() if s == "survived"])
    for name in alone:
        del survivors[name]
    return {
        "total": len(statuses),
        "killed": sum(1 for s in statuses.values() if s == "killed") + len(alone),
        "killed_alone": alone,
        "hangs": sorted(n for n, s in statuses.items() if s == "timeout"),
        "survivors": survivors,
        "diffs": {
            name: subprocess.run(
                [str(mutmut), "show", name], cwd=folder, env=env, capture_output=True, text=True
            ).stdout
            for name in survivors
        },
    }


def _killed_alone(folder: Path, env: dict[str, str], survivors: list[str]) -> list[str]:
    """The survivors that fail their tests when run alone, in a fresh pytest process.

    mutmut runs each mutant's tests in a process forked from a warmed-up one; some tests of the
    sync (a fixture that copies cached data folders) have been seen passing there against a
    mutant that makes them fail in a plain run (`notable._locked` with `not in`). A survivor is
    therefore run once more the plain way, with the tests mutmut chose for it; it counts as
    killed only if those tests pass in the same plain way without any mutant (checked first)."""
    if not survivors:
        return []
    stats = json.loads((folder / "mutants" / "mutmut-stats.json").read_text(encoding="utf-8"))
    tests_of = stats["tests_by_mangled_function_name"]
    pytest = [str(VENV / "python"), "-m", "pytest", "-x", "-q", "--rootdir=.", "-p", "no:randomly",
              "-p", "no:xdist", "-p", "no:cacheprovider"]  # fmt: skip
    clean: dict[tuple[str, ...], bool] = {}
    out = []
    for name in survivors:
        tests = tuple(sorted(tests_of.get(name.rsplit("__mutmut_", 1)[0], ())))
        if not tests:
            continue
        if tests not in clean:
            plain = {k: v for k, v in env.items() if k != "MUTANT_UNDER_TEST"}
            ran = subprocess.run([*pytest, *tests], cwd=folder / "mutants", env=plain,
                                 capture_output=True)  # fmt: skip
            clean[tests] = ran.returncode == 0
        if not clean[tests]:
            continue
        ran = subprocess.run([*pytest, *tests], cwd=folder / "mutants",
                             env={**env, "MUTANT_UNDER_TEST": name}, capture_output=True)  # fmt: skip
        if ran.returncode == 1:  # tests failed (not: no tests, usage error, interrupted)
            out.append(name)
    return sorted(out)


def _statuses(mutmut: Path, folder: Path, env: dict[str, str], target: Target) -> dict[str, str]:
    """Mutant name → status ("killed", "survived", "timeout"…) of every mutant of the target."""
    listing = subprocess.run(
        [str(mutmut), "results", "--all", "true"],
        cwd=folder, env=env, capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    out = {}
    for line in listing.splitlines():
        name, _, status = line.strip().rpartition(": ")
        if name and target.covers(name):
            out[name] = status
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("targets", nargs="*", help="targets to run (default: all)")
    parser.add_argument("--list", action="store_true", help="list the targets")
    parser.add_argument("--children", type=int, default=os.cpu_count() or 2)
    args = parser.parse_args(argv)
    if args.list:
        for t in TARGETS.values():
            print(f"{t.name}: {t.what}\n    {' '.join(t.modules)}\n    tests: {' '.join(t.tests)}")
            if t.only:
                print(f"    only: {' '.join(t.only)}")
        return 0
    unknown = [n for n in args.targets if n not in TARGETS]
    if unknown:
        parser.error(f"unknown target(s) {unknown}; --list shows them")
    mutmut = ensure_mutmut()
    accepted = equivalents()
    report = ["# Mutation testing report", "", "| target | mutants | killed | of which hang | "
              "accepted survivors | open survivors | score |",
              "|---|---|---|---|---|---|---|"]  # fmt: skip
    details: list[str] = []
    failed = False
    for name in args.targets or list(TARGETS):
        target = TARGETS[name]
        stats = run(target, mutmut, args.children)
        survivors: dict[str, str] = stats["survivors"]
        listed = {m for m in survivors if m in accepted}
        open_ones = {m: s for m, s in survivors.items() if m not in accepted}
        stale = [m for m in accepted if target.covers(m) and m not in survivors]
        considered = stats["total"] - len(listed)
        killed = stats["killed"] + len(stats["hangs"])  # a hang fails the suite too
        score = killed / considered if considered else 1.0
        report.append(
            f"| {name} | {stats['total']} | {killed} | {len(stats['hangs'])} | {len(listed)} | "
            f"{len(open_ones)} | {score:.1%} |"
        )
        print(f"mutation: {name}: {killed}/{considered} killed ({score:.1%}; "
              f"{len(stats['hangs'])} of them by a hang), {len(listed)} accepted, "
              f"{len(open_ones)} open", flush=True)  # fmt: skip
        if open_ones:
            details += [f"## {name}: survivors", ""]
            for mutant, status in sorted(open_ones.items()):
                details += [
                    f"### {mutant} ({status})",
                    "",
                    "```diff",
                    stats["diffs"][mutant].strip(),
                    "```",
                    "",
                ]
        if stats["killed_alone"]:
            details += [f"## {name}: survived in mutmut's run, killed when run alone", ""]
            details += [f"- {m}" for m in stats["killed_alone"]] + [""]
        if stats["hangs"]:
            details += [f"## {name}: mutants that make the tests hang (counted as killed)", ""]
            details += [f"- {m}" for m in stats["hangs"]] + [""]
        if stale:
            details += [f"## {name}: listed as equivalent but no longer surviving", ""]
            details += [f"- {m}" for m in stale] + [""]
            failed = True
        failed = failed or score < TARGET_SCORE
    WORK.mkdir(parents=True, exist_ok=True)
    (WORK / "report.md").write_text("\n".join([*report, "", *details]) + "\n", encoding="utf-8")
    print(f"mutation: report in {WORK / 'report.md'}")
    return 1 if failed else 0


def _prefixes(target: Target) -> list[str]:
    return [m.removesuffix(".py").replace("/", ".") + "." for m in target.modules]


if __name__ == "__main__":
    raise SystemExit(main())
