"""The one way a password is checked, whichever page asks: Sala's sign-in, the admin's, Wagtail's.

Django calls every backend in AUTHENTICATION_BACKENDS for every password form; this is the only
one, so no form can skip the address throttle or the account lockout. Staff may type their
username or their email address.
"""

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.utils.crypto import salted_hmac

from . import services


def client_address(request) -> str:
    # Behind a proxy, configure it to set REMOTE_ADDR (e.g. gunicorn --forwarded-allow-ips).
    return request.META.get("REMOTE_ADDR", "unknown")


def sign_in_client(request) -> str:
    """Which browser is signing in, as far as the address throttle needs to know: a digest of its
    CSRF cookie (never the cookie itself), the same through a wrong PIN and the right one."""
    token = request.COOKIES.get(settings.CSRF_COOKIE_NAME, "")
    return salted_hmac("lms.accounts.backends.sign_in_client", token).hexdigest()[:32] if token else ""


class SignInBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None or password is None:
            return None
        address = client_address(request) if request is not None else ""
        client = sign_in_client(request) if request is not None else ""
        try:
            return services.password_sign_in(
                username=str(username), password=str(password), address=address, client=client
            )
        except services.AccountError as error:
            # The form tells the person why (locked, throttled) from what the backend saw.
            if request is not None:
                request.sala_sign_in_error = error
            return None
