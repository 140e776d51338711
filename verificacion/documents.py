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
_DROP = str.maketrans("", "", IGNORED)


def normalise_number(text):
    """Upper case, without spaces, dashes, dots or slashes, and without leading zeros."""
    return str(text or "").translate(_DROP).upper().lstrip("0")


def well_formed(number):
    """Is a normalised number plausible: 3 to 20 ASCII letters or digits?"""
    return MIN_LENGTH <= len(number) <= MAX_LENGTH and number.isascii() and number.isalnum()


def digest(key, document_type, number):
    """The keyed hash of a document (`number` normalised here too)."""
    return normalised_digest(key.encode(), document_type, normalise_number(number))


def normalised_digest(key, document_type, number):
    """`digest()` of an already normalised number, with the key as bytes (the importer's loop)."""
    return hmac.digest(key, f"{document_type}:{number}".encode(), hashlib.sha256).hex()
