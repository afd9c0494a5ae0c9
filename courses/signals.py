"""Announcements other apps listen to (certificates listen to course_completed).

Sent once per completion, after the transaction that recorded it has committed.
"""

from django.dispatch import Signal

# kwargs: enrolment_id
course_completed = Signal()
# kwargs: programme_completion_id
programme_completed = Signal()
