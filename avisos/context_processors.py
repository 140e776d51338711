from django.utils.functional import SimpleLazyObject


def unread_notifications(request):
    """`unread_notifications` for the header: evaluated only where shown, for signed-in people,
    from the cache or with one query."""
    from .selectors import unread_count

    user = getattr(request, "user", None)
    return {"unread_notifications": SimpleLazyObject(lambda: unread_count(user))}
