"""Signing and verifying PDFs (PAdES with pyHanko), offline first (docs/signing.md).

Modules (import what you use; nothing is re-exported, so loading one part stays light):
- `office_signing`: sign / verify as this data folder does it (trust store, online options,
  recording) — what the window and the command line call.
- `sign`: `sign_pdf(...) -> SignResult` into the field of a signer role, incremental update;
  `chain`: complete the signer's chain or refuse with names (`IncompleteChain`).
- `pkcs12_source.Pkcs12Source`, `pkcs11_source.Pkcs11Source` (+ `list_tokens`,
  `list_token_certificates`): where the key is; `sources.SignerSource` is their common shape;
  `token_modules`: finding token drivers; `token_pins`: PIN tries and never resending a bad PIN.
- `external`: export for the vendor's signing tool and re-import the signed file.
- `appearance.Appearance`, `stamp`: the NĐ 30 image stamp and the text stamp.
- `certificates`: the checks made before signing (`ensure_signing_certificate`).
- `trust`, `trust_files`, `trust_import`: the trust store (roots, intermediates, CRLs).
- `revocation`, `revocation_texts`: revocation from CRLs; `online`, `online_checks`,
  `timestamps`: the optional online checks and RFC 3161 timestamps.
- `verify`: `verify_pdf(path, trust, now) -> VerificationReport`, with `collect` (every
  signature), `certificate_trust`, `changes` and `revision_compare` (what changed after
  signing); `verify_texts`: its wording.
- `records.record_verification`: store a report with the document's SHA-256;
  `demo_cert`: a demo certificate to try signing.
"""
