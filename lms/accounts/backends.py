"""The one way a password is checked, whichever page asks: Sala's sign-in, the admin's, Wagtail's.

Django calls every backend in AUTHENTICATION_BACKENDS for every password form; this is the only
one, so no form can skip the address throttle or the account lockout. Staff may type their
username or their email address.
"""

from django.contrib.auth.backends import ModelBackend

from . import services


def client_address(request) -> str:
    # Behind a proxy, configure it to set REMOTE_ADDR (e.g. gunicorn --forwarded-allow-ips).
    return request.META.get("REMOTE_ADDR", "unknown")


class SignInBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None or password is None:
            return None
        address = client_address(request) if request is not None else ""
        try:
            return services.password_sign_in(username=str(username), password=str(password), address=address)
        except services.AccountError as error:
            # The form tells the person why (locked, throttled) from what the backend saw.
            if request is not None:
                request.sala_sign_in_error = error
            return None
