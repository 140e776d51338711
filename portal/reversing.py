"""Addresses reversed once: `reverse` walks the URL patterns on every call, which costs more than
the rest of a cheap check or redirect on the busiest paths (the admin check of every request,
the receipt address of every cast)."""

from functools import lru_cache

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse


@lru_cache(maxsize=2048)
def _reversed(name, args, urlconf, root_urlconf, script_prefix):
    return reverse(name, args=args, urlconf=urlconf)


def reverse_once(name, args=()):
    """`reverse(name, args=args)`, remembered per URLconf and script prefix (as `reverse` reads
    them for the current request). For names whose patterns never change while the site runs."""
    return _reversed(name, tuple(args), get_urlconf(), settings.ROOT_URLCONF, get_script_prefix())
