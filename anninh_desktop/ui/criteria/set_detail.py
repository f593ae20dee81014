"""What a criterion set version says: its header as rich text and its criteria as a tree."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QSplitter, QTextBrowser, QTreeView, QVBoxLayout, QWidget

from anninh_desktop.domain.criteria import (
    EVIDENCE_KIND_LABELS,
    Criterion,
    CriterionLevel,
    CriterionSet,
    EvidenceKind,
    Scoring,
)
from anninh_desktop.domain.units import UNIT_KIND_LABELS
from anninh_desktop.i18n import _, current_language
from anninh_desktop.services.formatting import format_date, format_number
from anninh_desktop.ui.column_fit import ColumnFitter
from anninh_desktop.ui.criteria.set_list_model import (
    completeness_label,
    scope_label,
    validity_label,
)

COL_REF, COL_TEXT, COL_MANDATORY, COL_EVIDENCE, COL_NA = range(5)
REF_ROLE = Qt.ItemDataRole.UserRole + 1
UNKNOWN_COLOR = QColor("#9a6700")  # amber: readable on light backgrounds, not an error red


def evidence_labels(kinds: tuple[EvidenceKind, ...]) -> str:
    return ", ".join(_(EVIDENCE_KIND_LABELS[k]) for k in kinds)


def unknown_text(c: Criterion) -> str:
    """How a row whose text is not available reads in the tree."""
    return _("[text unknown] {placeholder}").format(placeholder=c.text)


def build_criteria_model(s: CriterionSet) -> QStandardItemModel:
    """Groups ▸ criteria ▸ items with ref, text, mandatory, evidence and N/A condition."""
    model = QStandardItemModel()
    model.setHorizontalHeaderLabels(
        [_("Ref"), _("Text"), _("Mandatory"), _("Required evidence"), _("Not applicable when")]
    )
    items: dict[str, QStandardItem] = {}
    for c in s.criteria:
        row = criterion_row(c)
        parent = items.get(c.parent_ref) if c.parent_ref else None
        (parent or model.invisibleRootItem()).appendRow(row)
        items[c.ref] = row[0]
    return model


def criterion_row(c: Criterion) -> list[QStandardItem]:
    """The cells of one row of the criteria tree."""
    # A group without a number shows none (its ref is an internal name, e.g. "nhom-chua-ro").
    ref = QStandardItem(c.number)
    ref.setData(c.ref, REF_ROLE)
    if c.number:
        ref.setToolTip(c.ref)
    text = QStandardItem(c.text if c.known else unknown_text(c))
    tips = [c.text] if c.known else []
    if c.text_en and current_language() == "en":
        tips.append(c.text_en)
    if c.refers_to:
        tips.append(_("Taken from {ref}").format(ref=c.refers_to))
    if not c.known:
        tips.insert(0, _("The text of this row is not available yet."))
        italic = QFont()
        italic.setItalic(True)
        text.setFont(italic)
        text.setForeground(QBrush(UNKNOWN_COLOR))
    if c.level is CriterionLevel.GROUP:
        bold = QFont()
        bold.setBold(True)
        bold.setItalic(not c.known)
        ref.setFont(bold)
        text.setFont(bold)
    text.setToolTip("\n\n".join(tips))
    assessable = c.assessable and c.level is not CriterionLevel.GROUP
    mandatory = QStandardItem(
        (_("Mandatory") if c.mandatory else _("Optional")) if assessable else ""
    )
    cells = [
        ref,
        text,
        mandatory,
        QStandardItem(evidence_labels(c.required_evidence)),
        QStandardItem(c.na_condition),
    ]
    for cell in cells:
        cell.setEditable(False)
    return cells


def _basis_html(s: CriterionSet) -> str:
    parts = []
    for basis in s.legal_basis:
        details = [escape(basis.issuer)] if basis.issuer else []
        if basis.issued_on:
            details.append(_("issued {date}").format(date=format_date(basis.issued_on)))
        if basis.in_force_from:
            details.append(_("in force from {date}").format(date=format_date(basis.in_force_from)))
        line = f"<b>{escape(basis.document)}</b>"
        if details:
            line += " — " + ", ".join(details)
        if basis.title:
            line += f"<br/><i>{escape(basis.title)}</i>"
        parts.append(line)
    return "<br/>".join(parts)


def _section(title: str, body: str) -> str:
    """One labelled row of the summary table; nothing when there is nothing to say."""
    if not body:
        return ""
    return (
        f"<tr><td style='padding-right:12px; vertical-align:top'><b>{escape(title)}</b></td>"
        f"<td style='vertical-align:top'>{body}</td></tr>"
    )


def _scoring_html(s: CriterionSet) -> str:
    if s.scoring is not Scoring.POINTS:
        return escape(_("Pass or fail"))
    text = escape(_("Points"))
    if s.max_points is not None:
        text = escape(_("Points (at most {points})").format(points=format_number(s.max_points)))
    rows = "".join(
        f"<br/>{escape(t.label)}: {escape(format_number(t.min_points))}" for t in s.thresholds
    )
    return text + rows


def set_summary_html(s: CriterionSet, in_use: bool) -> str:
    """The header of a set version as HTML (every text escaped)."""
    period = s.period_rule
    facts = [
        _("Code {code}, version {version}").format(code=s.code, version=s.version),
        scope_label(s),
        completeness_label(s),
        _("In use by assessments") if in_use else _("Not used by any assessment"),
    ]
    valid = validity_label(s)
    if valid:
        facts.append(_("Valid {range}").format(range=valid))
    html = f"<h3>{escape(s.title)}</h3>"
    if s.title_en and current_language() == "en":  # the set's own English title, for English
        html += f"<p><i>{escape(s.title_en)}</i></p>"
    html += "<p>" + " · ".join(escape(f) for f in facts) + "</p>"
    html += _section(_("For"), escape(", ".join(_(UNIT_KIND_LABELS[k]) for k in s.unit_kinds)))
    html += _section(
        _("Assessment period"),
        escape(
            _("From {day:02d}/{month:02d} of the previous year to the day before it").format(
                day=period.start_day, month=period.start_month
            )
        ),
    )
    html += _section(_("Legal basis"), _basis_html(s))
    html += _section(_("Authority"), escape(s.authority))
    deadlines = "".join(f"{escape(d.label)} ({d.day:02d}/{d.month:02d})<br/>" for d in s.deadlines)
    html += _section(_("Deadlines"), deadlines)
    html += _section(_("Scoring"), _scoring_html(s))
    notes = "".join(f"<p>{escape(p)}</p>" for p in s.notes.split("\n") if p.strip())
    html += _section(_("Notes"), notes)
    return html + "</table>"


class SetDetailView(QWidget):
    """Layout only: the summary above the criteria tree."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.summary = QTextBrowser(self)
        self.summary.setOpenLinks(False)
        self.tree = QTreeView(self)
        self.tree.setAlternatingRowColors(True)
        self.tree.setWordWrap(True)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.summary)
        splitter.addWidget(self.tree)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)
        self.model = QStandardItemModel(self.tree)
        self.tree.setModel(self.model)
        # The criterion texts first; the N/A condition, evidence and "mandatory" give way.
        self.columns = ColumnFitter(
            self.tree,
            main=COL_TEXT,
            main_chars=30,
            drop_order=(COL_NA, COL_EVIDENCE, COL_MANDATORY),
            max_chars={COL_NA: 30, COL_EVIDENCE: 26, COL_REF: 8},
            extra=3 * self.tree.indentation(),
        )

    def show_set(self, s: CriterionSet | None, in_use: bool) -> None:
        """Show a version, or nothing."""
        if s is None:
            self.summary.setHtml("")
            self.model = QStandardItemModel(self.tree)
            self.tree.setModel(self.model)
            return
        self.summary.setHtml(set_summary_html(s, in_use))
        # the view does not own a model set on it: keep a reference, or Python frees it
        self.model = build_criteria_model(s)
        self.model.setParent(self.tree)
        self.tree.setModel(self.model)
        self.tree.expandAll()
        self.columns.watch_model()
        self.columns.schedule()
