"""System checks: the key that hashes document numbers must be a real secret in production."""

from django.conf import settings
from django.core import checks

MIN_KEY_LENGTH = 32


@checks.register(checks.Tags.security, deploy=True)
def verification_key(app_configs, **kwargs):
    key = getattr(settings, "VERIFICATION_HMAC_KEY", "") or ""
    if key == getattr(settings, "DEV_VERIFICATION_HMAC_KEY", None) or len(key) < MIN_KEY_LENGTH:
        return [
            checks.Error(
                "VERIFICATION_HMAC_KEY is missing, too short or the development default: document "
                "numbers of the census would be hashed with a known key.",
                hint=f"Set VERIFICATION_HMAC_KEY in the environment (at least {MIN_KEY_LENGTH} random characters) "
                "and never change it while verifications exist.",
                id="participa.E002",
            )
        ]
    return []
