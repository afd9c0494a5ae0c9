"""Announcements other apps listen to (certificates listen to course_completed).

Sent once per completion, after the transaction that recorded it has committed. A course taken
again (a new cycle) is announced again, with the new cycle's completion.
"""

from django.dispatch import Signal

# kwargs: completion_id (a courses.models.Completion), enrolment_id (the cycle it completed)
course_completed = Signal()
# kwargs: programme_completion_id
programme_completed = Signal()
