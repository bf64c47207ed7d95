"""Reminder kinds of SROI, registered in the kring's reminders pipeline (kring/herinneringen.py)."""

# -- herinneringen
