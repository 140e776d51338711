"""The cached count of a person's unread notifications (the header shows it)."""

from django.core.cache import cache

UNREAD_CACHE_KEY = "avisos:unread:%s"
UNREAD_CACHE_SECONDS = 600


def forget_unread(user_ids):
    cache.delete_many([UNREAD_CACHE_KEY % pk for pk in user_ids])
