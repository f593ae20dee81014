"""An evidence import in words, the same in the window and on the command line: the question
about duplicates, and the summary of what was added, linked, refused or added with a warning."""

from __future__ import annotations

from collections.abc import Sequence

from anninh_desktop.i18n import _, ngettext
from anninh_desktop.services.evidence_import import ImportOutcome, Incoming, PreparedImport
from anninh_desktop.services.evidence_warnings import warning_text

LISTED = 12  # lines listed before "and N more"


def criteria_text(refs: Sequence[str]) -> str:
    """ "criterion 1.2" or "criteria 1.2, 4.1"."""
    return ngettext("criterion {refs}", "criteria {refs}", len(refs)).format(refs=", ".join(refs))


def duplicate_line(prepared: PreparedImport, item: Incoming) -> str:
    """What one duplicate file already is."""
    if item.existing is not None:
        if item.existing_latest:
            return _("“{file}” is already the evidence “{title}”.").format(
                file=item.path.name, title=item.existing.title
            )
        return _("“{file}” is already revision {revision} of the evidence “{title}”.").format(
            file=item.path.name, revision=item.existing_revision, title=item.existing.title
        )
    earlier = prepared.incoming[item.earlier or 0]
    return _("“{file}” has the same content as “{other}” in this import.").format(
        file=item.path.name, other=earlier.path.name
    )


def limited(lines: list[str]) -> list[str]:
    if len(lines) <= LISTED:
        return lines
    rest = len(lines) - LISTED
    more = ngettext("… and {count} more.", "… and {count} more.", rest).format(count=rest)
    return [*lines[:LISTED], more]


def duplicate_question(prepared: PreparedImport) -> tuple[str, str]:
    """(the question, the files it is about) for the window's dialog."""
    duplicates = prepared.duplicates
    refs = [ref for _a, ref in prepared.link_to]
    count = len(duplicates)
    if refs:
        question = ngettext(
            "{count} file is already evidence of this unit. Link the existing item to {criteria} "
            "instead of adding a second copy?",
            "{count} files are already evidence of this unit. Link the existing items to "
            "{criteria} instead of adding second copies?",
            count,
        ).format(count=count, criteria=criteria_text(refs))
    else:
        question = ngettext(
            "{count} file is already evidence of this unit. Keep only the existing item instead "
            "of adding a second copy?",
            "{count} files are already evidence of this unit. Keep only the existing items instead "
            "of adding second copies?",
            count,
        ).format(count=count)
    files = "\n".join(limited([duplicate_line(prepared, item) for item in duplicates]))
    return question, files


def summary(outcome: ImportOutcome, refs: Sequence[str]) -> str:
    """One short paragraph: added, linked instead, refused, warnings."""
    parts: list[str] = []
    if outcome.added or not (outcome.linked or outcome.refused):
        count = len(outcome.added)
        parts.append(
            ngettext("{count} file added.", "{count} files added.", count).format(count=count)
        )
    linked = [entry for entry in outcome.linked if refs]
    kept = [entry for entry in outcome.linked if not refs]
    if linked:
        parts.append(
            ngettext(
                "{count} file was already evidence of this unit: the existing item is linked to "
                "{criteria} instead of a second copy.",
                "{count} files were already evidence of this unit: the existing items are linked "
                "to {criteria} instead of second copies.",
                len(linked),
            ).format(count=len(linked), criteria=criteria_text(refs))
        )
    if kept:
        parts.append(
            ngettext(
                "{count} file was already evidence of this unit and was not added again.",
                "{count} files were already evidence of this unit and were not added again.",
                len(kept),
            ).format(count=len(kept))
        )
    if outcome.refused:
        parts.append(
            ngettext(
                "{count} file was refused.", "{count} files were refused.", len(outcome.refused)
            ).format(count=len(outcome.refused))
        )
    if outcome.warnings:
        parts.append(
            ngettext(
                "{count} file was added with a warning.",
                "{count} files were added with a warning.",
                len(outcome.warnings),
            ).format(count=len(outcome.warnings))
        )
    return " ".join(parts)


def details(outcome: ImportOutcome) -> list[str]:
    """One line per refused file and per file added with a warning (what happened, what to do)."""
    lines = [refusal.message for refusal in outcome.refused]
    for evidence, check in outcome.warnings:
        lines.append(
            _("“{title}”: {explanation}").format(
                title=evidence.title, explanation=warning_text(check)
            )
        )
    return limited(lines)


def linked_lines(outcome: ImportOutcome) -> list[str]:
    """Which item each duplicate file already was."""
    return limited(
        [
            _("“{file}” is already the evidence “{title}”.").format(
                file=incoming.path.name, title=holder.title
            )
            for incoming, holder, _fresh in outcome.linked
        ]
    )
