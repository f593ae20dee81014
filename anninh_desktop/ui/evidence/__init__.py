"""The evidence pane: the files that prove a criterion, their preview and their metadata."""

from anninh_desktop.ui.evidence.pane import EvidencePane

__all__ = ["EvidencePane"]
