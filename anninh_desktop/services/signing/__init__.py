"""Signing and verifying PDFs (PAdES with pyHanko), offline.

Modules (import what you use; nothing is re-exported, so loading one part stays light):
- `sign`: `sign_pdf(...) -> SignResult` into the field of a signer role, incremental update.
- `pkcs12_source.Pkcs12Source`, `pkcs11_source.Pkcs11Source` (+ `list_tokens`,
  `list_token_certificates`): where the key is; `sources.SignerSource` is their common shape.
- `external`: export for the vendor's signing tool and re-import the signed file.
- `appearance.Appearance`: signature and seal images (Nghị định 30, Phụ lục I).
- `certificates`: the checks made before signing (`ensure_signing_certificate`).
- `verify`: `verify_pdf(path, trust, now) -> VerificationReport`; `verify_texts`: its wording.
- `records.record_verification`: store a report with the document's SHA-256.
- `trust`: shipped and user-added trust roots; `demo_cert`: a demo certificate to try signing.
"""
