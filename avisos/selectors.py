"""Reads of the notifications, each with a fixed number of queries whatever the data."""

from django.core.cache import cache

from .models import Follow, Notification
from .unread import UNREAD_CACHE_KEY, UNREAD_CACHE_SECONDS

PAGE_SIZE = 30


def unread_count(user):
    """Unread notifications of a person: from the cache, or one query (then cached)."""
    if user is None or not user.is_authenticated:
        return 0
    key = UNREAD_CACHE_KEY % user.pk
    count = cache.get(key)
    if count is None:
        count = Notification.objects.filter(user=user, read_at__isnull=True).count()
        cache.set(key, count, UNREAD_CACHE_SECONDS)
    return count


def notifications_of(user):
    """The person's notifications, newest first, with their event (one query per page)."""
    return Notification.objects.filter(user=user).select_related("event").order_by("-created_at", "-pk")


def follows_of(user):
    """The calls and territories a person follows (one query)."""
    return list(
        Follow.objects.filter(user=user).select_related("call", "territory").order_by("-created_at", "-pk")
    )


def follow_of(user, *, call=None, territory=None):
    if user is None or not user.is_authenticated:
        return None
    target = {"call": call} if call is not None else {"territory": territory}
    return Follow.objects.filter(user=user, **target).first()
