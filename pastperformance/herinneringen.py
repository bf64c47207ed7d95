"""Reminder kinds of past performance, registered in the kring's reminders pipeline (kring/herinneringen.py)."""

# -- herinneringen
