"""Licences and the bill of materials of the program folder (docs/dependencies.md).

    python installer/licenses.py --check
        every package the bundle holds on this machine has an entry in installer/licenses.toml and
        a licence text (from its wheel, or from resources/licenses/); exit 1 with the list otherwise
    python installer/licenses.py --bundle dist/anninh-desktop --sbom dist/X-sbom.cdx.json
        copy the texts into <bundle>/licenses/ with THIRD-PARTY-NOTICES.txt, and write the CycloneDX
        1.5 bill of materials

What the bundle holds is requirements/run.txt with its markers evaluated on this machine (the bundle
is built on the machine it is for: Linux here, Windows by scripts/build-windows.ps1), plus Python,
PyInstaller's bootloader and the bundled fonts. The SBOM names each package's exact wheel from
uv.lock (the one pip installs on this machine) with its SHA-256. Its output is the same for the same
lock: no timestamp, the serial number derived from the content.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import json
import platform
import re
import shutil
import sys
import tomllib
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from packaging.markers import Marker
from packaging.tags import sys_tags
from packaging.utils import canonicalize_name, parse_wheel_filename

ROOT = Path(__file__).resolve().parent.parent
TABLE = ROOT / "installer" / "licenses.toml"
TEXTS = ROOT / "resources" / "licenses"
LICENCE_FILE = re.compile(r"(LICEN[CS]E|COPYING|NOTICE|AUTHORS)", re.IGNORECASE)
REQUIREMENT = re.compile(
    r"^(?P<name>[A-Za-z0-9._-]+)==(?P<version>\S+)(?:\s*;\s*(?P<marker>[^\\]+?))?\s*\\?$"
)


@dataclass
class Component:
    name: str
    version: str
    license: str
    note: str = ""
    texts: list[Path] = field(default_factory=list)  # files to copy
    sha256: str | None = None  # the wheel's, from uv.lock
    wheel: str | None = None
    purl: str | None = None
    kind: str = "library"  # CycloneDX component type


def load_table(path: Path = TABLE) -> dict:
    with path.open("rb") as f:
        return tomllib.load(f)


def bundled_requirements(run_txt: Path = ROOT / "requirements" / "run.txt") -> dict[str, str]:
    """{package: version} of the run lock whose markers hold on this machine."""
    found: dict[str, str] = {}
    for line in run_txt.read_text(encoding="utf-8").splitlines():
        match = REQUIREMENT.match(line)
        if match and (match["marker"] is None or Marker(match["marker"]).evaluate()):
            found[canonicalize_name(match["name"])] = match["version"]
    return found


def locked_wheels(lock: Path = ROOT / "uv.lock") -> dict[str, list[dict]]:
    with lock.open("rb") as f:
        packages = tomllib.load(f)["package"]
    return {canonicalize_name(p["name"]): p.get("wheels", []) for p in packages}


def chosen_wheel(wheels: list[dict]) -> dict | None:
    """The wheel pip takes on this machine: the first of its supported tags, in priority order."""
    by_tag: dict[object, dict] = {}
    for wheel in wheels:
        filename = wheel["url"].rsplit("/", 1)[-1]
        for tag in parse_wheel_filename(filename)[3]:
            by_tag.setdefault(tag, wheel)
    return next((by_tag[tag] for tag in sys_tags() if tag in by_tag), None)


def licence_texts(package: str) -> list[Path]:
    """The licence files in the installed package's .dist-info folder."""
    try:
        dist = importlib.metadata.distribution(package)
    except importlib.metadata.PackageNotFoundError:
        return []
    return sorted(
        Path(str(dist.locate_file(f)))
        for f in dist.files or []
        if ".dist-info" in str(f) and LICENCE_FILE.search(f.name or str(f))
    )


def _python_licence() -> list[Path]:
    base = Path(sys.base_prefix)
    candidates = [
        base / "LICENSE.txt",
        base / "lib" / f"python{sys.version_info[0]}.{sys.version_info[1]}" / "LICENSE.txt",
    ]
    return [p for p in candidates if p.is_file()][:1]


def components(table: dict | None = None) -> tuple[list[Component], list[str]]:
    """Everything the bundle holds with its licence, and the problems (no entry, no text)."""
    table = table or load_table()
    entries = table.get("packages", {})
    wheels = locked_wheels()
    found: list[Component] = []
    problems: list[str] = []
    for package, version in sorted(bundled_requirements().items()):
        entry = entries.get(package)
        if entry is None:
            problems.append(f"{package} {version}: no entry in installer/licenses.toml")
            continue
        texts = licence_texts(package) + [TEXTS / t for t in entry.get("texts", [])]
        if not texts or not all(t.is_file() for t in texts):
            problems.append(f"{package} {version}: no licence text found")
        wheel = chosen_wheel(wheels.get(package, []))
        if wheel is None:
            problems.append(f"{package} {version}: no wheel in uv.lock for this machine")
        found.append(
            Component(
                name=package,
                version=version,
                license=entry["license"],
                note=entry.get("note", ""),
                texts=texts,
                sha256=wheel["hash"].removeprefix("sha256:") if wheel else None,
                wheel=wheel["url"].rsplit("/", 1)[-1] if wheel else None,
                purl=f"pkg:pypi/{package}@{version}",
            )
        )
    others = table.get("others", {})
    python = others["python"]
    found.append(
        Component(
            "python",
            platform.python_version(),
            python["license"],
            python["note"],
            _python_licence(),
            kind="platform",
        )
    )
    boot = others["pyinstaller"]
    try:
        boot_version = importlib.metadata.version("pyinstaller")
    except importlib.metadata.PackageNotFoundError:
        boot_version = "not installed"
    found.append(
        Component(
            "pyinstaller-bootloader",
            boot_version,
            boot["license"],
            boot["note"],
            [TEXTS / t for t in boot["texts"]],
        )
    )
    for name in ("liberation-fonts", "noto-serif"):
        font = others[name]
        found.append(
            Component(
                name,
                font["version"],
                font["license"],
                "",
                [ROOT / f for f in font["files"]],
                kind="file",
            )
        )
    for part in found[-4:]:
        if not part.texts or not all(t.is_file() for t in part.texts):
            problems.append(f"{part.name}: no licence text found")
    return found, problems


def write_texts(parts: list[Component], folder: Path) -> Path:
    """<folder>/<component>/<file> for every text, and THIRD-PARTY-NOTICES.txt naming them."""
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    lines = [
        "An Ninh Desktop: third-party software in this folder",
        "",
        "Each part below is used under the licence named; its licence texts are in the folder named",
        "after it. Qt and PySide6 are used under the GNU Lesser General Public License version 3: they",
        "are the unmodified shared libraries in _internal/PySide6 and _internal/shiboken6, which you may",
        "replace with your own build of the same version; their source code is at",
        "https://download.qt.io/official_releases/ (Qt) and https://code.qt.io/pyside/pyside-setup.git",
        "(PySide6); see licenses/pyside6-essentials/LGPL-3.0.txt and GPL-3.0.txt.",
        "",
    ]
    for part in parts:
        target = folder / part.name
        target.mkdir()
        copied = []
        for text in part.texts:
            name = (
                text.name
                if not (target / text.name).exists()
                else f"{text.parent.name}-{text.name}"
            )
            shutil.copyfile(text, target / name)
            copied.append(name)
        lines.append(f"{part.name} {part.version}: {part.license}")
        if part.note:
            lines.append(f"    {part.note}")
        lines.append(f"    texts: {', '.join(f'{part.name}/{c}' for c in copied)}")
    notices = folder / "THIRD-PARTY-NOTICES.txt"
    notices.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return notices


def sbom(parts: list[Component], program_version: str) -> dict:
    """A CycloneDX 1.5 bill of materials of the bundle (deterministic for the same inputs)."""
    listed = []
    for part in parts:
        item: dict = {
            "type": part.kind,
            "bom-ref": f"{part.name}@{part.version}",
            "name": part.name,
            "version": part.version,
            "licenses": [{"expression": part.license}],
        }
        if part.purl:
            item["purl"] = part.purl
        if part.sha256:
            item["hashes"] = [{"alg": "SHA-256", "content": part.sha256}]
            item["externalReferences"] = [
                {
                    "type": "distribution",
                    "url": f"https://pypi.org/project/{part.name}/{part.version}/",
                    "comment": part.wheel,
                }
            ]
        if part.note:
            item["description"] = part.note
        listed.append(item)
    body = {
        "bomFormat": "CycloneDX",
        "specVersion": "1.5",
        "version": 1,
        "metadata": {
            "component": {
                "type": "application",
                "bom-ref": f"anninh-desktop@{program_version}",
                "name": "anninh-desktop",
                "version": program_version,
                "description": "An Ninh Desktop program folder (PyInstaller)",
            },
            "properties": [{"name": "platform", "value": f"{sys.platform}-{platform.machine()}"}],
        },
        "components": listed,
    }
    digest = json.dumps(body, sort_keys=True, ensure_ascii=False)
    body["serialNumber"] = f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, 'anninh-sbom:' + digest)}"
    return body


def program_version() -> str:
    with (ROOT / "pyproject.toml").open("rb") as f:
        return tomllib.load(f)["project"]["version"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true")
    parser.add_argument("--bundle", type=Path)
    parser.add_argument("--sbom", type=Path)
    args = parser.parse_args(argv)
    parts, problems = components()
    for problem in problems:
        print(f"licenses: {problem}", file=sys.stderr)
    if problems:
        print("licenses: add the missing entries to installer/licenses.toml", file=sys.stderr)
        return 1
    if args.bundle:
        notices = write_texts(parts, args.bundle / "licenses")
        print(f"licenses: {len(parts)} parts, {notices}")
    if args.sbom:
        args.sbom.parent.mkdir(parents=True, exist_ok=True)
        text = json.dumps(sbom(parts, program_version()), indent=2, ensure_ascii=False)
        args.sbom.write_text(text + "\n", encoding="utf-8")
        print(f"licenses: bill of materials {args.sbom}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
