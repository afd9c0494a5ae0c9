"""manage.py pin_hashes: how many PINs each key (and each older hasher) still protects."""

from django.core.management.base import BaseCommand

from lms.accounts.hashers import current_key_version
from lms.accounts.selectors import pin_hash_counts


class Command(BaseCommand):
    help = (
        "Count stored PINs by hasher and key version. A key of SALA_PIN_KEYS may be removed once no PIN "
        "is counted on it; PINs move to the newest key when their owners sign in."
    )

    def handle(self, *args, **options):
        counts = pin_hash_counts()
        newest = current_key_version()
        if not counts:
            self.stdout.write("No PIN is stored.")
        for (algorithm, version), count in sorted(
            counts.items(), key=lambda item: (item[0][0] != "pin_hmac_sha256", item[0][0], -item[0][1])
        ):
            if algorithm != "pin_hmac_sha256":
                note = "an older hasher: stored again with the newest key at the next sign-in"
            elif version == newest:
                note = "the newest key"
            else:
                note = "an older key: keep it in SALA_PIN_KEYS until this count is 0"
            label = f"{algorithm} key {version}" if algorithm == "pin_hmac_sha256" else algorithm
            self.stdout.write(f"{count:>10,}  {label}  ({note})")
