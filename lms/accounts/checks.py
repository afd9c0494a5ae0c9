"""Start-up checks that PINs and passwords each keep their own hasher."""

from django.conf import settings
from django.core import checks

PIN_HASHER = "lms.accounts.hashers.PinHasher"


@checks.register(checks.Tags.security)
def pin_hasher_check(app_configs=None, **kwargs):
    hashers = list(settings.PASSWORD_HASHERS)
    if PIN_HASHER not in hashers:
        return [
            checks.Error(
                f"PASSWORD_HASHERS must list {PIN_HASHER}: without it no PIN stored since the keyed hash can be checked.",
                id="accounts.E001",
            )
        ]
    if hashers[0] == PIN_HASHER:
        return [
            checks.Error(
                f"{PIN_HASHER} must not come first in PASSWORD_HASHERS: staff passwords would be stored with a hash "
                "meant for PINs. Keep Django's strong hasher first.",
                id="accounts.E002",
            )
        ]
    return []
