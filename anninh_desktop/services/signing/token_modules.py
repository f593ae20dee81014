"""Finding the PKCS#11 module (token driver) of the tokens Vietnamese offices use.

On Windows the drivers of the common Vietnamese CA tokens have well-known DLL names
(`docs/signing.md`, from integrators' lists); most are rebranded Feitian or SafeNet chips whose
PKCS#11 module sits beside the CSP DLL that the registry names (`HKLM\\SOFTWARE\\Microsoft\\
Cryptography\\Defaults\\Provider\\<name>`, value "Image Path"). Both are searched; the user can
always choose a module by hand. A module built for another bitness than this program cannot be
loaded: that is said before trying (loading a wrong DLL may crash the process).
"""

from __future__ import annotations

import logging
import os
import struct
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)

# vendor -> DLL names (case-insensitive on Windows).
KNOWN_MODULES: dict[str, tuple[str, ...]] = {
    "VNPT-CA": (
        "vnpt-ca_csp11.dll",
        "VNPT-CA_v34.dll",
        "vnpt-ca_v4.dll",
        "vnpt-ca_cl_v1.dll",
        *(f"vnptca_p11_v{n}.dll" for n in range(5, 11)),
        "vnptcav2_p11_v8.dll",
        "VNPTCACardv8csp11.dll",
    ),
    "Viettel-CA": (
        "viettel-ca.dll",
        *(f"viettel-ca_v{n}.dll" for n in range(1, 7)),
        "viettel-ca_v2_s.x64.dll",
    ),
    "FPT-CA": (
        "fpt-ca.dll",
        "fpt-ca_v4.dll",
        "fpt-ca_v5.dll",
        *(f"fptca_v{n}.dll" for n in range(3, 7)),
        "fpt-ca-stx.dll",
    ),
    "BKAV-CA": ("BkavCA.dll", "BkavCAv2S.dll", "BkavCAv25.dll", "BkavCAv2T.dll", "st3csp11.dll"),
    "CA2 (Nacencomm)": (
        "CA2_v34.dll",
        "CA2_csp11.dll",
        "ncca_csp11_v1.dll",
        *(f"nca_v{n}.dll" for n in range(4, 10)),
    ),
    "SAFE-CA": ("safe-ca.dll",),
    "EFY-CA": ("efy-ca_v1.dll",),
    "Vina-CA": ("Vina-CA.dll", *(f"vina-ca_v{n}.dll" for n in range(1, 6))),
    "NewCA": ("newca_v4.dll",),
    "MISA-CA": ("misaca_csp11_v2.dll",),
    "FastCA": ("fca_v1.dll",),
    "Feitian ePass": ("eps2003csp11.dll", "ShuttleCsp11_3003.dll"),
    "SafeNet (Ban Cơ yếu, Viettel)": ("eTPKCS11.dll", "eToken.dll"),
    "Bit4id (Ban Cơ yếu)": ("bit4xpki.dll", "bit4ipki.dll"),
    "Gemalto IDPrime": ("IDPrimePKCS1164.dll",),
    "Watchdata": ("WDPKCS.dll",),
    "OpenSC": ("opensc-pkcs11.dll",),
}

_UNIX_MODULES: tuple[tuple[str, str], ...] = (
    ("SafeNet", "/usr/lib/libeTPkcs11.so"),
    ("OpenSC", "/usr/lib/x86_64-linux-gnu/opensc-pkcs11.so"),
    ("SoftHSM2", "/usr/lib/softhsm/libsofthsm2.so"),
    ("SafeNet", "/usr/local/lib/libeTPkcs11.dylib"),
    ("OpenSC", "/Library/OpenSC/lib/opensc-pkcs11.so"),
)

# CSP provider names are free text; a provider whose name has one of these (lower case) belongs
# to a token vendor.
_CSP_HINTS = (
    "vnpt",
    "viettel",
    "fpt",
    "bkav",
    "ca2",
    "nacencomm",
    "newca",
    "misa",
    "efy",
    "vina",
    "safe-ca",
    "epass",
    "feitian",
    "safenet",
    "etoken",
    "bit4id",
    "gemalto",
    "idprime",
    "watchdata",
    "token",
    "csp11",
)


@dataclass(frozen=True)
class FoundModule:
    path: Path
    vendor: str
    how: str  # "known name" or "registry: <provider>"
    bits: int | None  # 32 or 64 (None: not a library we can read)

    @property
    def loadable(self) -> bool:
        return self.bits in (None, program_bits())


def program_bits() -> int:
    return struct.calcsize("P") * 8


def module_bits(path: Path) -> int | None:
    """32 or 64 from a PE (Windows DLL) or ELF (Linux .so) header; None when unknown."""
    try:
        with path.open("rb") as fh:
            head = fh.read(64)
            if head[:4] == b"\x7fELF":
                return {1: 32, 2: 64}.get(head[4])
            if head[:2] != b"MZ" or len(head) < 64:
                return None
            (pe_offset,) = struct.unpack_from("<I", head, 0x3C)
            fh.seek(pe_offset)
            pe = fh.read(6)
    except OSError:
        return None
    if pe[:4] != b"PE\x00\x00":
        return None
    (machine,) = struct.unpack_from("<H", pe, 4)
    return {0x14C: 32, 0x8664: 64, 0xAA64: 64, 0x1C4: 32}.get(machine)


def windows_system_dirs(environ: dict[str, str] | None = None) -> list[Path]:
    """Where Windows keeps driver DLLs for this program's bitness, then the vendors' folders."""
    env = environ if environ is not None else dict(os.environ)
    root = Path(env.get("SystemRoot", r"C:\Windows"))
    dirs = [root / "System32"]
    if program_bits() == 32:
        dirs = [root / "SysWOW64", root / "System32"]
    for variable in ("ProgramFiles", "ProgramFiles(x86)"):
        if variable in env:
            dirs.append(Path(env[variable]))
    return dirs


RegistryReader = Callable[[], Iterable[tuple[str, str]]]


def read_csp_registry() -> list[tuple[str, str]]:
    """(provider name, image path) of the cryptographic service providers (Windows only)."""
    if not sys.platform.startswith("win"):
        return []
    import winreg  # type: ignore[import-not-found,unused-ignore]

    found: list[tuple[str, str]] = []
    base = r"SOFTWARE\Microsoft\Cryptography\Defaults\Provider"
    try:
        with winreg.OpenKey(winreg.HKEY_LOCAL_MACHINE, base) as providers:  # type: ignore[attr-defined,unused-ignore]
            index = 0
            while True:
                try:
                    name = winreg.EnumKey(providers, index)  # type: ignore[attr-defined,unused-ignore]
                except OSError:
                    break
                index += 1
                try:
                    with winreg.OpenKey(providers, name) as key:  # type: ignore[attr-defined,unused-ignore]
                        image, _kind = winreg.QueryValueEx(key, "Image Path")  # type: ignore[attr-defined,unused-ignore]
                        found.append((str(name), os.path.expandvars(str(image))))
                except OSError:
                    continue
    except OSError:
        log.info("no CSP registry key", exc_info=True)
    return found


def _known_in(folder: Path) -> Iterator[tuple[Path, str]]:
    """Known module files directly in `folder` or one level down (a vendor's folder)."""
    try:
        entries = {p.name.lower(): p for p in folder.iterdir() if p.is_file()}
    except OSError:
        entries = {}
    for vendor, names in KNOWN_MODULES.items():
        for name in names:
            path = entries.get(name.lower())
            if path is not None:
                yield path, vendor


def _beside_csp(image: Path) -> Iterator[tuple[Path, str]]:
    """PKCS#11 modules next to a CSP DLL: known names, or files with "11" in their name."""
    folder = image.parent
    yield from _known_in(folder)
    try:
        for path in sorted(folder.iterdir()):
            lower = path.name.lower()
            if lower.endswith(".dll") and ("pkcs11" in lower or "p11" in lower or "csp11" in lower):
                yield path, ""
    except OSError:
        return


def find_token_modules(
    search_dirs: Iterable[Path] | None = None,
    registry: RegistryReader | None = None,
    platform: str = sys.platform,
) -> list[FoundModule]:
    """Every token driver found, each once: known names in the system folders, then modules
    beside the token CSPs the registry names (Windows); the usual paths elsewhere."""
    found: dict[str, FoundModule] = {}

    def add(path: Path, vendor: str, how: str) -> None:
        key = os.path.normcase(str(path))
        if key not in found and path.is_file():
            found[key] = FoundModule(path, vendor, how, module_bits(path))

    if not platform.startswith("win") and search_dirs is None:
        for vendor, name in _UNIX_MODULES:
            add(Path(name), vendor, "known name")
        return list(found.values())
    dirs = list(search_dirs) if search_dirs is not None else windows_system_dirs()
    for folder in dirs:
        for path, vendor in _known_in(folder):
            add(path, vendor, "known name")
        try:  # vendors' own folders under Program Files
            subfolders = (
                [p for p in folder.iterdir() if p.is_dir()]
                if folder.name.lower().startswith("program files")
                else []
            )
        except OSError:
            subfolders = []
        for sub in subfolders:
            for path, vendor in _known_in(sub):
                add(path, vendor, "known name")
    reader = registry if registry is not None else read_csp_registry
    for provider, image in reader():
        if not any(hint in provider.lower() for hint in _CSP_HINTS):
            continue
        for path, vendor in _beside_csp(Path(image)):
            add(path, vendor or provider, f"registry: {provider}")
    return list(found.values())
