"""What training sessions add to Sala's screens and to its admin.

Each part has its own section below: the panels on the start page and on My learning
(lms.people.panels), then the admin's screens.
"""

# ---------------------------------------------------------------------------------------------
# Panels on the start page and on My learning (lms.people.panels)
# ---------------------------------------------------------------------------------------------


# ---------------------------------------------------------------------------------------------
# The admin
# ---------------------------------------------------------------------------------------------
