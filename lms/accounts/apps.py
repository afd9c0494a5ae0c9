from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "lms.accounts"
    label = "accounts"
    verbose_name = _("Sign-in")

    def ready(self):
        # Django's usual place to register system checks.
        from . import checks  # noqa: F401, PLC0415
