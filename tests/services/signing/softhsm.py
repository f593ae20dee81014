"""SoftHSM2 tokens made in a temporary folder, like the USB tokens Vietnamese CAs hand out.

`softhsm_tokens(folder, tokens)` initialises each token with softhsm2-util, imports each key
(PKCS#8, RSA or ECDSA) with softhsm2-util and each certificate with python-pkcs11 — by default
only the signer's certificate, as on a real token. Skipped when SoftHSM2 is missing, failed in CI.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pkcs11
import pytest
from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding
from fixtures.pki import Issued, key_pem
from pkcs11 import Attribute, CertificateType, ObjectClass

SOFTHSM = Path("/usr/lib/softhsm/libsofthsm2.so")
SO_PIN = "13579111"


@dataclass(frozen=True)
class TokenKey:
    label: str
    key_id: bytes
    issued: Issued


@dataclass(frozen=True)
class TokenSpec:
    label: str
    pin: str
    keys: Sequence[TokenKey]
    extra_certificates: Sequence[x509.Certificate] = field(default_factory=tuple)


def require_softhsm() -> None:
    if not SOFTHSM.exists():
        message = f"SoftHSM2 is not installed ({SOFTHSM} missing): apt-get install softhsm2"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


def _certificate(session: object, label: str, key_id: bytes, cert: x509.Certificate) -> None:
    session.create_object(  # type: ignore[attr-defined]
        {
            Attribute.CLASS: ObjectClass.CERTIFICATE,
            Attribute.CERTIFICATE_TYPE: CertificateType.X_509,
            Attribute.TOKEN: True,
            Attribute.LABEL: label,
            Attribute.ID: key_id,
            Attribute.VALUE: cert.public_bytes(Encoding.DER),
            Attribute.SUBJECT: cert.subject.public_bytes(),
            Attribute.ISSUER: cert.issuer.public_bytes(),
        }
    )


@contextmanager
def softhsm_tokens(folder: Path, tokens: Sequence[TokenSpec]) -> Iterator[Path]:
    """Make the tokens; yields the module path. The environment is restored afterwards."""
    require_softhsm()
    (folder / "tokens").mkdir(parents=True)
    config = folder / "softhsm2.conf"
    config.write_text(
        f"directories.tokendir = {folder / 'tokens'}\nobjectstore.backend = file\n"
        "log.level = ERROR\nslots.removable = false\n",
        encoding="utf-8",
    )
    previous = os.environ.get("SOFTHSM2_CONF")
    os.environ["SOFTHSM2_CONF"] = str(config)
    pkcs11.unload(str(SOFTHSM))  # the module reads its configuration when it is loaded
    util = ["softhsm2-util", "--module", str(SOFTHSM)]
    try:
        for spec in tokens:
            subprocess.run(
                [
                    *util,
                    *("--init-token", "--free", "--label", spec.label),
                    *("--pin", spec.pin, "--so-pin", SO_PIN),
                ],
                check=True,
                capture_output=True,
                timeout=60,
            )
            for key in spec.keys:
                key_file = folder / f"key-{key.key_id.hex()}.pem"
                key_file.write_bytes(key_pem(key.issued))
                try:
                    subprocess.run(
                        [
                            *util,
                            *("--import", str(key_file), "--token", spec.label),
                            *("--label", key.label, "--id", key.key_id.hex(), "--pin", spec.pin),
                        ],
                        check=True,
                        capture_output=True,
                        timeout=60,
                    )
                finally:
                    key_file.unlink()
        pkcs11.unload(str(SOFTHSM))
        lib = pkcs11.lib(str(SOFTHSM))
        for spec in tokens:
            with lib.get_token(token_label=spec.label).open(rw=True, user_pin=spec.pin) as s:
                for key in spec.keys:
                    _certificate(s, key.label, key.key_id, key.issued.cert)
                for index, cert in enumerate(spec.extra_certificates):
                    _certificate(s, f"ca-{index}", bytes([0xCA, index]), cert)
        yield SOFTHSM
    finally:
        pkcs11.unload(str(SOFTHSM))
        if previous is None:
            os.environ.pop("SOFTHSM2_CONF", None)
        else:
            os.environ["SOFTHSM2_CONF"] = previous
