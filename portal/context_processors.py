from django.conf import settings


def maps(request):
    """The tile server of every map (settings.PARTICIPA_MAP_TILES_URL)."""
    return {"map_tiles_url": settings.PARTICIPA_MAP_TILES_URL, "map_attribution": settings.PARTICIPA_MAP_ATTRIBUTION}
