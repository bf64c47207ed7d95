"""Reminder kinds of the werkgroepen part, registered in the kring's reminders pipeline (kring/herinneringen.py)."""

# -- uitvoeringsagenda (activities and actiepunten past their deadline)
# -- bijeenkomsten (upcoming meeting with its agenda, 7 days before)
# -- kennisbank (kennisitems past their review date)
