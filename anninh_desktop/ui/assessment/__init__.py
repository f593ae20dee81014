"""The assessment header and workflow, and the dialogs that register units and add new ones."""

from anninh_desktop.ui.assessment.header import AssessmentHeader
from anninh_desktop.ui.assessment.new_unit_dialog import NewUnitDialog
from anninh_desktop.ui.assessment.register_dialog import RegisterDialog

__all__ = ["AssessmentHeader", "NewUnitDialog", "RegisterDialog"]
