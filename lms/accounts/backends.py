"""Staff may sign in with their email address as well as their username."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


class EmailBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if not username or "@" not in username or password is None:
            return None
        people = get_user_model().objects.filter(email__iexact=username, username__isnull=False)
        candidates = list(people[:2])
        if len(candidates) != 1:
            # Unknown or ambiguous address: hash anyway so timing does not tell which.
            get_user_model()().set_password(password)
            return None
        person = candidates[0]
        if person.check_password(password) and self.user_can_authenticate(person):
            return person
        return None
