"""Read-side queries of the home page."""

from django.contrib.auth import get_user_model

from convocatorias.models import CallEvent, CallPage


def participation_figures():
    """Counts shown on the home page: registered citizens, published calls, their workshops."""
    return {
        "citizens": get_user_model().objects.filter(is_active=True, is_staff=False).count(),
        "calls": CallPage.objects.live().public().count(),
        "workshops": CallEvent.objects.filter(call__live=True).count(),
    }
