"""Signing with a PKCS#11 token: a SoftHSM2 token made in a temporary folder for this session.

The token is initialised with softhsm2-util; the RSA key is imported from a PKCS#8 PEM with
softhsm2-util, the certificate with python-pkcs11. scripts/setup installs SoftHSM2; without
it these tests fail rather than skip.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pkcs11
import pytest
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat
from pkcs11 import Attribute, CertificateType, ObjectClass
from signing_fixtures import NOW, Issued, make_signer, pdfsig, rsa_key, write_pem

from anninh_desktop.domain.dossier import SignerRole
from anninh_desktop.services.errors import UserError
from anninh_desktop.services.signing.pkcs11_source import (
    Pkcs11Source,
    list_token_certificates,
    list_tokens,
)
from anninh_desktop.services.signing.sign import sign_pdf
from anninh_desktop.services.signing.trust import TrustStore
from anninh_desktop.services.signing.verify import verify_pdf

SOFTHSM = Path("/usr/lib/softhsm/libsofthsm2.so")
TOKEN = "Token Công an xã"
PIN = "246810"
SO_PIN = "13579111"
KEY_LABEL = "chu-ky-chi-huy"

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def token(tmp_path_factory: pytest.TempPathFactory, ca: Issued) -> Iterator[Issued]:
    """A SoftHSM2 token holding one RSA key and its certificate (CN Nguyễn Thị Hường)."""
    if not SOFTHSM.exists():  # scripts/setup installs it: fail, never skip
        pytest.fail(f"SoftHSM2 is not installed ({SOFTHSM} missing): run bash scripts/setup")
    folder = tmp_path_factory.mktemp("softhsm")
    (folder / "tokens").mkdir()
    config = folder / "softhsm2.conf"
    config.write_text(
        f"directories.tokendir = {folder / 'tokens'}\nobjectstore.backend = file\n"
        "log.level = ERROR\nslots.removable = false\n",
        encoding="utf-8",
    )
    previous = os.environ.get("SOFTHSM2_CONF")
    os.environ["SOFTHSM2_CONF"] = str(config)
    pkcs11.unload(str(SOFTHSM))  # the module reads its configuration when it is loaded
    try:
        issued = make_signer(ca, key=rsa_key(2048))
        key_file = folder / "key.pem"
        key_file.write_bytes(
            issued.key.private_bytes(Encoding.PEM, PrivateFormat.PKCS8, NoEncryption())
        )
        util = ["softhsm2-util", "--module", str(SOFTHSM)]
        subprocess.run(
            [*util, "--init-token", "--free", "--label", TOKEN, "--pin", PIN, "--so-pin", SO_PIN],
            check=True,
            capture_output=True,
            timeout=60,
        )
        subprocess.run(
            [
                *util,
                "--import",
                str(key_file),
                "--token",
                TOKEN,
                "--label",
                KEY_LABEL,
                "--id",
                "01",
                "--pin",
                PIN,
            ],
            check=True,
            capture_output=True,
            timeout=60,
        )
        key_file.unlink()
        lib = pkcs11.lib(str(SOFTHSM))
        with lib.get_token(token_label=TOKEN).open(rw=True, user_pin=PIN) as session:
            session.create_object(
                {
                    Attribute.CLASS: ObjectClass.CERTIFICATE,
                    Attribute.CERTIFICATE_TYPE: CertificateType.X_509,
                    Attribute.TOKEN: True,
                    Attribute.LABEL: KEY_LABEL,
                    Attribute.ID: b"\x01",
                    Attribute.VALUE: issued.cert.public_bytes(Encoding.DER),
                    Attribute.SUBJECT: issued.cert.subject.public_bytes(),
                    Attribute.ISSUER: issued.cert.issuer.public_bytes(),
                }
            )
        yield issued
    finally:
        pkcs11.unload(str(SOFTHSM))
        if previous is None:
            os.environ.pop("SOFTHSM2_CONF", None)
        else:
            os.environ["SOFTHSM2_CONF"] = previous


def test_tokens_and_their_certificates_are_listed(token: Issued) -> None:
    tokens = list_tokens(SOFTHSM)
    assert TOKEN in [t.label for t in tokens]
    (cert,) = list_token_certificates(SOFTHSM, token_label=TOKEN)
    assert cert.label == KEY_LABEL and cert.id_hex == "01"
    assert cert.info.subject == "Nguyễn Thị Hường"
    assert cert.has_private_key is None  # not logged in: private objects are hidden
    (with_pin,) = list_token_certificates(SOFTHSM, token_label=TOKEN, pin=PIN)
    assert with_pin.has_private_key is True


def test_sign_with_the_token(
    token: Issued, unsigned: Path, tmp_path: Path, trust: TrustStore
) -> None:
    source = Pkcs11Source(SOFTHSM, pin=PIN, token_label=TOKEN, key_label=KEY_LABEL)
    result = sign_pdf(
        unsigned,
        tmp_path / "signed.pdf",
        signer=source,
        role=SignerRole.COMMANDER,
        now=NOW,
        trust=trust,
    )
    assert result.signer == "Nguyễn Thị Hường"
    assert [s.valid for s in pdfsig(result.path)] == [True]
    report = verify_pdf(result.path, trust, NOW)
    assert report.ok and report.signatures[0].trusted
    # the only certificate with a key is found without naming it
    again = sign_pdf(
        result.path,
        tmp_path / "signed-2.pdf",
        signer=Pkcs11Source(SOFTHSM, pin=PIN, token_label=TOKEN),
        role=SignerRole.ORGANISATION,
        now=NOW,
        trust=trust,
    )
    assert verify_pdf(again.path, trust, NOW).ok


def test_wrong_pin(token: Issued, unsigned: Path, tmp_path: Path) -> None:
    source = Pkcs11Source(SOFTHSM, pin="000000", token_label=TOKEN, key_label=KEY_LABEL)
    with pytest.raises(UserError, match="Wrong PIN for the token “Token Công an xã”"):
        sign_pdf(unsigned, tmp_path / "out.pdf", signer=source, role=SignerRole.COMMANDER, now=NOW)
    assert not (tmp_path / "out.pdf").exists()
    assert "000000" not in repr(source)


def test_unknown_token_key_and_module(token: Issued, unsigned: Path, tmp_path: Path) -> None:
    cases = [
        (Pkcs11Source(SOFTHSM, pin=PIN, token_label="Không có"), "No token labelled “Không có”"),
        (
            Pkcs11Source(SOFTHSM, pin=PIN, token_label=TOKEN, key_label="khac"),
            "holds no certificate labelled “khac”",
        ),
        (Pkcs11Source(SOFTHSM, pin=PIN, slot=99), "There is no token slot 99"),
        (Pkcs11Source(tmp_path / "vendor.dll", pin=PIN), "does not exist"),
        (Pkcs11Source(unsigned, pin=PIN), "cannot be loaded as a token driver"),
    ]
    for source, message in cases:
        with pytest.raises(UserError, match=message):
            sign_pdf(
                unsigned, tmp_path / "out.pdf", signer=source, role=SignerRole.COMMANDER, now=NOW
            )


def test_the_token_commands(
    token: Issued,
    ca: Issued,
    unsigned: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from anninh_desktop.cli.main import main
    from anninh_desktop.logging_setup import setup_logging

    monkeypatch.setenv("TOKEN_PIN", PIN)
    common = ["--data-dir", str(tmp_path / "data"), "--lang", "en"]
    module = ["--pkcs11-module", str(SOFTHSM)]
    try:
        assert main(["dossier", "tokens", *module, "--pin-env", "TOKEN_PIN", *common]) == 0
        listed = capsys.readouterr().out
        assert TOKEN in listed and KEY_LABEL in listed and "Nguyễn Thị Hường" in listed
        signed = tmp_path / "signed.pdf"
        sign = [
            "dossier",
            "sign",
            str(unsigned),
            "--role",
            "commander",
            *module,
            "--token",
            TOKEN,
            "--pin-env",
            "TOKEN_PIN",
            "--key-label",
            KEY_LABEL,
            "--out",
            str(signed),
            *common,
        ]
        # the token holds only the signer's certificate: without its authority, refused
        assert main(sign) == 1
        refused = capsys.readouterr()
        assert "“CA Thử nghiệm Tỉnh Cà Mau”" in refused.err
        assert "--accept-incomplete-chain" in refused.err and not signed.exists()
        ca_file = write_pem(tmp_path / "ca.pem", ca.cert)
        assert main(["dossier", "trust", "add", str(ca_file), *common]) == 0
        capsys.readouterr()
        code = main(sign)
        out = capsys.readouterr()
        assert code == 0, out.err
        assert "Signed by Nguyễn Thị Hường into the field “ChiHuy”" in out.out
        assert "The signature is valid." in out.out
        assert PIN not in out.out + out.err
    finally:
        setup_logging(None)
