"""Reminder kinds of the projecten part, registered in the kring's reminders pipeline (kring/herinneringen.py)."""

# -- kalender (changes of a project a contractor follows)
