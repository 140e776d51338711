"""The signed tokens of the emails' one-click unsubscribe (they work without signing in)."""

from django.core import signing

from .models import Kind

UNSUBSCRIBE_SALT = "avisos.unsubscribe"


def unsubscribe_token(*, user_id, kind, proposal_id=None):
    """A signed token for an email's one-click unsubscribe (works without signing in)."""
    data = {"u": user_id, "k": str(kind)}
    if proposal_id:
        data["p"] = proposal_id
    return signing.dumps(data, salt=UNSUBSCRIBE_SALT, compress=True)


def read_unsubscribe_token(token):
    """{"user_id", "kind", "proposal_id"} of a valid token, or None."""
    if not token or len(token) > 300:
        return None
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
        kind = str(data["k"])
        if kind not in Kind.values:
            return None
        proposal_id = int(data["p"]) if data.get("p") else None
        return {"user_id": int(data["u"]), "kind": kind, "proposal_id": proposal_id}
    except (signing.BadSignature, KeyError, TypeError, ValueError, AttributeError):
        return None
