"""PDF printouts of what the window shows (a unit's checklist, the overview's tables), laid out
with the dossier's fonts and page geometry, for printing (ui/printing) or saving."""
