"""The appraising office's tab: assessments to appraise, verdicts, return and decision.

`tab.AppraisalTab` is what the main window creates at start; `page.AppraisalPage` (and the
services it uses) is imported when the tab is first shown.
"""
