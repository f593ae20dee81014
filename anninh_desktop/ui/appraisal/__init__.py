"""The appraising office's tab: assessments to appraise, verdicts, return and decision."""

from anninh_desktop.ui.appraisal.page import AppraisalPage

__all__ = ["AppraisalPage"]
