"""Where a token's PKCS#11 module usually is, per platform, for the sign dialog's default."""

from __future__ import annotations

import sys
from pathlib import Path

# Common drivers of the tokens Vietnamese certificate authorities hand out (SafeNet eToken,
# Bit4id, Gemalto, ePass) and, elsewhere, OpenSC and SoftHSM2.
_WINDOWS = (
    r"C:\Windows\System32\eTPKCS11.dll",
    r"C:\Windows\System32\eToken.dll",
    r"C:\Windows\System32\bit4ipki.dll",
    r"C:\Windows\System32\IDPrimePKCS1164.dll",
    r"C:\Windows\System32\ShuttleCsp11_3003.dll",
)
_MAC = (
    "/usr/local/lib/libeTPkcs11.dylib",
    "/Library/OpenSC/lib/opensc-pkcs11.so",
)
_LINUX = (
    "/usr/lib/libeTPkcs11.so",
    "/usr/lib/x86_64-linux-gnu/opensc-pkcs11.so",
    "/usr/lib/softhsm/libsofthsm2.so",
)


def candidate_modules(platform: str = sys.platform) -> tuple[str, ...]:
    if platform.startswith("win"):
        return _WINDOWS
    if platform == "darwin":
        return _MAC
    return _LINUX


def default_module(platform: str = sys.platform) -> Path:
    """The first usual module that exists here, else the most usual one (for the user to fix)."""
    candidates = candidate_modules(platform)
    for name in candidates:
        if Path(name).is_file():
            return Path(name)
    return Path(candidates[0])


def module_filter(platform: str = sys.platform) -> str:
    """The file dialog's filter (a translated label is put before it by the caller)."""
    if platform.startswith("win"):
        return "*.dll"
    if platform == "darwin":
        return "*.dylib *.so"
    return "*.so *.so.*"
