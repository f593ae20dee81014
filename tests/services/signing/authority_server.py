"""A certificate authority's online services on localhost, for the online-option tests: its CRL
(GET /ca.crl), an OCSP responder (POST /ocsp, optionally signed by a forger) and an RFC 3161
timestamp authority (POST /tsa, pyHanko's DummyTimeStamper behind real HTTP)."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from asn1crypto import keys as asn1_keys
from asn1crypto import tsp
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    NoEncryption,
    PrivateFormat,
)
from cryptography.x509 import ocsp
from fixtures.pki import Issued
from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper
from pyhanko_certvalidator.registry import SimpleCertificateStore

from anninh_desktop.services.signing.certificates import asn1_certificate


@dataclass
class Authority:
    issuer: Issued
    revoked: dict[int, datetime]  # serial -> revocation time
    now: datetime
    crl: bytes = b""
    tsa: Issued | None = None
    ocsp_signer: Issued | None = None  # None: the issuer signs its answers
    requests: list[str] = field(default_factory=list)

    def ocsp_answer(self, body: bytes) -> bytes:
        request = ocsp.load_der_ocsp_request(body)
        revoked_at = self.revoked.get(request.serial_number)
        signer = self.ocsp_signer or self.issuer
        # the answer is about a certificate we know only by serial: rebuild a stand-in
        stand_in = (
            x509.CertificateBuilder()
            .subject_name(self.issuer.cert.subject)
            .issuer_name(self.issuer.cert.subject)
            .public_key(self.issuer.key.public_key())
            .serial_number(request.serial_number)
            .not_valid_before(self.now - timedelta(days=1))
            .not_valid_after(self.now + timedelta(days=1))
            .sign(self.issuer.key, hashes.SHA256())
        )
        builder = ocsp.OCSPResponseBuilder().add_response(
            cert=stand_in,
            issuer=self.issuer.cert,
            algorithm=hashes.SHA1(),
            cert_status=ocsp.OCSPCertStatus.REVOKED if revoked_at else ocsp.OCSPCertStatus.GOOD,
            this_update=self.now - timedelta(hours=1),
            next_update=self.now + timedelta(days=1),
            revocation_time=revoked_at,
            revocation_reason=x509.ReasonFlags.key_compromise if revoked_at else None,
        )
        builder = builder.responder_id(ocsp.OCSPResponderEncoding.HASH, signer.cert)
        return builder.sign(signer.key, hashes.SHA256()).public_bytes(Encoding.DER)

    def tsa_answer(self, body: bytes) -> bytes:
        assert self.tsa is not None
        key = asn1_keys.PrivateKeyInfo.load(
            self.tsa.key.private_bytes(Encoding.DER, PrivateFormat.PKCS8, NoEncryption())
        )
        stamper = DummyTimeStamper(
            tsa_cert=asn1_certificate(self.tsa.cert),
            tsa_key=key,
            certs_to_embed=SimpleCertificateStore.from_certs([asn1_certificate(self.issuer.cert)]),
            fixed_dt=self.now,
        )
        request = tsp.TimeStampReq.load(body)
        return asyncio.run(stamper.async_request_tsa_response(request)).dump()


def _handler(authority: Authority) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:  # keep test output clean
            pass

        def _send(self, data: bytes, kind: str) -> None:
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self) -> None:
            authority.requests.append(f"GET {self.path}")
            if self.path == "/ca.crl":
                self._send(authority.crl, "application/pkix-crl")
            else:
                self.send_error(404)

        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            authority.requests.append(f"POST {self.path}")
            if self.path == "/ocsp":
                self._send(authority.ocsp_answer(body), "application/ocsp-response")
            elif self.path == "/tsa":
                self._send(authority.tsa_answer(body), "application/timestamp-reply")
            else:
                self.send_error(404)

    return Handler


@contextmanager
def serve(authority: Authority) -> Iterator[str]:
    """Serve the authority on a free localhost port; yields its base URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(authority))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


def free_port_url() -> str:
    """An address where nothing answers (a port that was free a moment ago)."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"
