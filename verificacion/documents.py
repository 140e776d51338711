"""Identity document numbers: normalised, checked and turned into a keyed hash. Pure Python.

A number is stored nowhere in clear: `digest()` is an HMAC-SHA256 (key from the environment,
`settings.VERIFICATION_HMAC_KEY`) of the document type and the normalised number, so the same
document typed as "1.023.456-7", "10234567" or "0010234567" gives the same digest, and a leaked
table cannot be reversed without the key.
"""

import hashlib
import hmac

MIN_LENGTH = 3
MAX_LENGTH = 20
IGNORED = " \t-._/"


def normalise_number(text):
    """Upper case, without spaces, dashes, dots or slashes, and without leading zeros."""
    cleaned = "".join(ch for ch in str(text or "") if ch not in IGNORED).upper()
    return cleaned.lstrip("0")


def well_formed(number):
    """Is a normalised number plausible: 3 to 20 ASCII letters or digits?"""
    return MIN_LENGTH <= len(number) <= MAX_LENGTH and number.isascii() and number.isalnum()


def digest(key, document_type, number):
    """The keyed hash of a document (`number` normalised here too)."""
    message = f"{document_type}:{normalise_number(number)}".encode()
    return hmac.new(key.encode(), message, hashlib.sha256).hexdigest()
