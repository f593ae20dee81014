"""Tokens as Vietnamese offices have them (issue 15, item 5): drivers found by their DLL names and
through the CSP registry, 32/64-bit told apart, a rejected PIN never sent again by itself, the
remaining tries as the token reports them, and PINs in NFC."""

from __future__ import annotations

import struct
import unicodedata
from pathlib import Path

import pkcs11
import pytest

from anninh_desktop.services.errors import UserError
from anninh_desktop.services.signing.pkcs11_source import _login
from anninh_desktop.services.signing.token_modules import (
    KNOWN_MODULES,
    find_token_modules,
    module_bits,
    program_bits,
)
from anninh_desktop.services.signing.token_pins import PinGuard, PinRejected, PinTries, pin_tries


def _dll(path: Path, bits: int) -> Path:
    """A file with a real PE header for a 32- or 64-bit Windows DLL."""
    path.parent.mkdir(parents=True, exist_ok=True)
    head = bytearray(b"MZ" + b"\0" * 62)
    struct.pack_into("<I", head, 0x3C, 64)
    machine = 0x8664 if bits == 64 else 0x14C
    path.write_bytes(bytes(head) + b"PE\0\0" + struct.pack("<H", machine) + b"\0" * 32)
    return path


def test_module_bits_from_pe_and_elf_headers(tmp_path: Path) -> None:
    assert module_bits(_dll(tmp_path / "a64.dll", 64)) == 64
    assert module_bits(_dll(tmp_path / "a32.dll", 32)) == 32
    elf = tmp_path / "lib.so"
    elf.write_bytes(b"\x7fELF\x02" + b"\0" * 60)
    assert module_bits(elf) == 64
    text = tmp_path / "notes.dll"
    text.write_text("không phải thư viện", encoding="utf-8")
    assert module_bits(text) is None


def test_known_drivers_and_the_csp_registry_on_a_windows_layout(tmp_path: Path) -> None:
    system32 = tmp_path / "Windows" / "System32"
    _dll(system32 / "vnptca_p11_v8.dll", 64)
    _dll(system32 / "eTPKCS11.dll", 64)
    _dll(system32 / "ViettelCA_v6.dll", 32)  # not a known name: not picked up from here
    program_files = tmp_path / "Program Files"
    _dll(program_files / "BkavCA" / "BkavCAv2S.dll", 64)
    # a Feitian-made token whose CSP the registry names; its PKCS#11 module sits beside it
    vendor = tmp_path / "Program Files (x86)" / "FPT-CA Token"
    _dll(vendor / "fptca_csp.dll", 32)
    _dll(vendor / "fptca_pkcs11.dll", 32)
    registry = [
        ("Microsoft Enhanced RSA and AES Cryptographic Provider", r"C:\Windows\rsaenh.dll"),
        ("FPT-CA Token CSP v1.0", str(vendor / "fptca_csp.dll")),
    ]
    found = find_token_modules([system32, program_files], registry=lambda: registry)
    by_name = {m.path.name: m for m in found}
    assert set(by_name) == {
        "vnptca_p11_v8.dll",
        "eTPKCS11.dll",
        "BkavCAv2S.dll",
        "fptca_pkcs11.dll",
    }
    assert by_name["vnptca_p11_v8.dll"].vendor == "VNPT-CA"
    assert by_name["BkavCAv2S.dll"].vendor == "BKAV-CA"
    assert by_name["fptca_pkcs11.dll"].how == "registry: FPT-CA Token CSP v1.0"
    assert by_name["fptca_pkcs11.dll"].bits == 32
    assert by_name["fptca_pkcs11.dll"].loadable == (program_bits() == 32)
    assert by_name["eTPKCS11.dll"].loadable == (program_bits() == 64)


def test_the_names_of_signing_practice_are_all_known() -> None:
    names = {n.lower() for names in KNOWN_MODULES.values() for n in names}
    for expected in (
        "vnpt-ca_csp11.dll",
        "vnptca_p11_v10.dll",
        "viettel-ca_v2_s.x64.dll",
        "fptca_v6.dll",
        "st3csp11.dll",
        "nca_v9.dll",
        "misaca_csp11_v2.dll",
        "eps2003csp11.dll",
        "bit4xpki.dll",
        "idprimepkcs1164.dll",
        "wdpkcs.dll",
    ):
        assert expected in names


def test_a_driver_of_the_other_bitness_is_refused_before_loading(tmp_path: Path) -> None:
    from anninh_desktop.services.signing.pkcs11_source import list_tokens

    other = _dll(tmp_path / "vnpt-ca_v4.dll", 32 if program_bits() == 64 else 64)
    with pytest.raises(UserError, match="-bit module; this program is"):
        list_tokens(other)


def test_pin_tries_from_the_token_flags() -> None:
    flag = pkcs11.TokenFlag
    assert pin_tries(flag.TOKEN_INITIALIZED) is PinTries.UNKNOWN
    assert pin_tries(flag.USER_PIN_COUNT_LOW) is PinTries.LOW
    assert pin_tries(flag.USER_PIN_COUNT_LOW | flag.USER_PIN_FINAL_TRY) is PinTries.FINAL
    assert pin_tries(flag.USER_PIN_LOCKED | flag.USER_PIN_FINAL_TRY) is PinTries.LOCKED


class _Token:
    """A token that counts its login attempts and locks after three wrong PINs."""

    def __init__(self, pin: str) -> None:
        self.pin = pin
        self.label = "Token VNPT-CA"
        self.serial = b"0042"
        self.tries: list[str] = []
        self.wrong = 0
        self.slot = self

    @property
    def flags(self) -> int:
        flag = pkcs11.TokenFlag
        if self.wrong >= 3:
            return int(flag.USER_PIN_LOCKED)
        if self.wrong == 2:
            return int(flag.USER_PIN_COUNT_LOW | flag.USER_PIN_FINAL_TRY)
        if self.wrong == 1:
            return int(flag.USER_PIN_COUNT_LOW)
        return 0

    def get_token(self) -> _Token:
        return self

    def open(self, user_pin: str | None = None) -> str:
        self.tries.append(user_pin or "")
        if user_pin != self.pin:
            self.wrong += 1
            raise pkcs11.PinIncorrect()
        self.wrong = 0
        return "session"


def test_a_rejected_pin_is_never_sent_again_and_the_tries_are_told() -> None:
    token = _Token("246810")
    guard = PinGuard()
    module = Path("/x/vnptca_p11_v8.dll")
    with pytest.raises(PinRejected) as first:
        _login(token, "111111", guard, module)
    assert "few tries are left" in first.value.message
    # the same PIN again (a second button, a retry): refused without touching the token
    with pytest.raises(PinRejected, match=r"was just rejected .* not sent again"):
        _login(token, "111111", guard, module)
    assert token.tries == ["111111"]
    with pytest.raises(PinRejected) as second:
        _login(token, "222222", guard, module)
    assert "ONE try left" in second.value.message
    # the right PIN, typed in decomposed Unicode, is normalised and opens; the counter resets
    assert _login(token, unicodedata.normalize("NFD", "246810"), guard, module) == "session"
    assert token.tries == ["111111", "222222", "246810"]


def test_a_locked_token_is_not_tried() -> None:
    token = _Token("1")
    token.wrong = 3
    with pytest.raises(UserError, match="is locked after too many wrong PINs"):
        _login(token, "1", PinGuard(), Path("m"))
    assert token.tries == []


def test_a_pin_in_nfd_reaches_the_token_in_nfc() -> None:
    token = _Token("mã-bí-mật")
    assert _login(token, unicodedata.normalize("NFD", "mã-bí-mật"), None, Path("m")) == "session"
    assert token.tries == ["mã-bí-mật"]
    assert unicodedata.is_normalized("NFC", token.tries[0])
