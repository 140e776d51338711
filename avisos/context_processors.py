def unread_notifications(request):
    """`unread_notifications` for the header: a callable the template calls only where it shows
    it (signed-in people), read once per request from the cache or with one query."""
    user = getattr(request, "user", None)
    memo = {}

    def count():
        if "n" not in memo:
            from .selectors import unread_count

            memo["n"] = unread_count(user)
        return memo["n"]

    return {"unread_notifications": count}
