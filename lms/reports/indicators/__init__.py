"""The plan's five training indicators on the unit tree.

definitions: ids, labels, targets, Period, Figure; aggregation: the one SQL aggregation over
unit subtrees; unit_report: a unit and its children for the dashboard, the exports and the
API; missing: who is missing from an indicator.
"""
