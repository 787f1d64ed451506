"""Yearly training programmes (chương trình bồi dưỡng năm): what the cadres of a unit subtree
must complete in a year, and each cadre's status, computed from the year's trainings.

models: the programme and its requirements; queries: who it applies to and their statuses
(set-based, for the cadre's home and the organizer's report); services: drafting,
publishing, rolling over; views: the organizer's pages and the report.

Programmes live in the training layer because their status reads training_records(),
online completions and in-person attendance alike.
"""
