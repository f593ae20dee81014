"""The sign dialog's key sources: reading the form into a signer, the demo certificate, tokens.

Functions that talk to a token driver or make keys run on the TaskRunner (`work.call_task`);
`fill_*` put their answers into the view on the GUI thread.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from anninh_desktop.i18n import _, ngettext
from anninh_desktop.services.errors import UserError
from anninh_desktop.services.formatting import format_date
from anninh_desktop.services.signing.pkcs11_source import (
    Pkcs11Source,
    TokenCertificate,
    TokenInfo,
    list_token_certificates,
    list_tokens,
)
from anninh_desktop.services.signing.pkcs12_source import Pkcs12Source
from anninh_desktop.services.signing.sources import SignerSource
from anninh_desktop.services.signing.token_pins import PinGuard
from anninh_desktop.services.workspace import Workspace
from anninh_desktop.ui.dossier.sign_view import SOURCE_FILE, SOURCE_TOKEN, SignView


def optional_path(text: str) -> Path | None:
    text = text.strip().strip('"')
    return Path(text) if text else None


def signer_source(view: SignView, guard: PinGuard | None = None) -> SignerSource:
    """The key the form describes; UserError naming what is missing."""
    source = view.source_group.checkedId()
    if source == SOURCE_FILE:
        path = optional_path(view.p12_edit.text())
        if path is None:
            raise UserError(_("Choose the certificate file (.p12, .pfx) first."))
        return Pkcs12Source(path, view.password_edit.text())
    if source == SOURCE_TOKEN:
        module = optional_path(view.module_edit.text())
        if module is None:
            raise UserError(_("Choose the token driver (PKCS#11 module) first."))
        return Pkcs11Source(
            module,
            pin=view.pin_edit.text() or None,
            token_label=view.token_combo.currentData() or None,
            key_label=view.certificate_combo.currentData() or None,
            pin_guard=guard,
        )
    raise UserError(_("With an external signing program, export the file and import it signed."))


@dataclass(frozen=True)
class DemoChoice:
    path: Path
    password: str = field(repr=False)
    text: str


def demo_certificate(ws: Workspace) -> DemoChoice:
    """The demo certificate of this data folder, made now if there is none yet.

    An existing one is reused: making a new one would stop trusting the signatures made with it.
    """
    from anninh_desktop.services.signing.demo_cert import (
        DEMO_DIR,
        DEMO_P12,
        DEMO_PASSWORD,
        make_demo_certificate,
    )
    from anninh_desktop.services.signing.trust import trust_store_for

    existing = ws.root / DEMO_DIR / DEMO_P12
    if existing.is_file():
        return DemoChoice(
            existing,
            DEMO_PASSWORD,
            _(
                "The demo certificate made earlier is chosen (password {password}). Its "
                "signatures are trusted on this computer only."
            ).format(password=DEMO_PASSWORD),
        )
    demo = make_demo_certificate(ws.root, trust_store_for(ws.root), ws.clock())
    return DemoChoice(
        demo.p12_path,
        demo.password,
        _(
            "A demo certificate of {name} was made (password {password}). Its signatures are "
            "trusted on this computer only; never use it for a real dossier."
        ).format(name=demo.signer_name, password=demo.password),
    )


def find_tokens(module: Path) -> list[TokenInfo]:
    return list_tokens(module)


def fill_tokens(view: SignView, tokens: list[TokenInfo]) -> None:
    combo = view.token_combo
    combo.clear()
    view.certificate_combo.clear()
    for token in tokens:
        detail = " ".join(p for p in (token.manufacturer, token.model, token.serial) if p)
        combo.addItem(f"{token.label} ({detail})" if detail else token.label, token.label)
    if tokens:
        view.status_label.setText(
            ngettext("{count} token found.", "{count} tokens found.", len(tokens)).format(
                count=len(tokens)
            )
        )
        view.pin_edit.setFocus()
    else:
        view.status_label.setText(
            _("No token is plugged in. Plug in your signing token and try again.")
        )


def token_certificates(
    module: Path, label: str | None, pin: str | None, guard: PinGuard | None = None
) -> list[TokenCertificate]:
    return list_token_certificates(module, token_label=label, pin=pin, pin_guard=guard)


def fill_certificates(view: SignView, certificates: list[TokenCertificate]) -> None:
    combo = view.certificate_combo
    combo.clear()
    model = combo.model()
    for index, cert in enumerate(certificates):
        text = _("{label}: {subject}, valid until {date}").format(
            label=cert.label,
            subject=cert.info.subject,
            date=format_date(cert.info.not_after.date()),
        )
        combo.addItem(text, cert.label)
        if cert.has_private_key is False:
            model.item(index).setEnabled(False)  # type: ignore[attr-defined]
    usable = [c for c in certificates if c.has_private_key is not False]
    if usable:
        combo.setCurrentIndex(certificates.index(usable[0]))
    view.status_label.setText(
        ngettext(
            "{count} certificate on the token.",
            "{count} certificates on the token.",
            len(certificates),
        ).format(count=len(certificates))
    )
