"""No address of the site or the API answers 5xx, whatever is put in its path or query string.

The test walks every URL pattern of the URLconf (the site, the accounts, the API, the Wagtail
admin and every published Wagtail page with its sub-routes), fills each path parameter with a good
value and then with bad ones, and sends bad values in every query parameter the view reads (found
by recording which keys of `request.GET` the view asks for, so a new parameter is covered without
touching this file). Bad values: a NUL byte (`%00`, refused by PostgreSQL in any text), invalid
UTF-8, 10 kB of text or digits, and negative numbers. Anonymous and a signed-in citizen. It runs on
SQLite and, with DATABASE_URL=postgres://..., on PostgreSQL, where the NUL byte used to give 500s.
"""

import re
from urllib.parse import quote

import pytest
from django.core.signals import got_request_exception
from django.http import QueryDict
from django.test import Client
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from wagtail.models import Page

from banco.models import ProjectFollow
from propuestas.models import GroupMembership, ProposalGroup, Support
from tests.home.factories import make_site
from tests.propuestas.factories import ProposalFactory
from tests.votaciones.factories import make_voting_call

#: Raw (already percent-encoded) bad values for a path segment or a query value.
BAD_VALUES = {
    "nul": "%00",
    "invalid-utf8": "%FF%FE%C3%28",
    "long-text": "a" * 10_240,
    "long-number": "9" * 10_240,
    "huge-number": "9" * 40,
    "negative": "-1",
}
#: Parameters many views read; always tried, besides the ones a view is seen to read.
COMMON_QUERY_KEYS = ("q", "pagina", "page", "p", "orden", "por_pagina", "next", "convocatoria")
PLACEHOLDER_INT = 987_654_321
PLACEHOLDER_STR = "zqxplaceholder"
#: Parameters whose pattern allows only a few words.
CHOICES = {"fmt": "csv"}


# ---------------------------------------------------------------------------------------------
# The URLconf, walked
# ---------------------------------------------------------------------------------------------


def url_patterns(resolver=None, namespace=""):
    """(reversible name, pattern) of every URL pattern, namespaces included."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = namespace
            if entry.namespace:
                inner = f"{namespace}{entry.namespace}:"
            yield from url_patterns(entry, inner)
        elif isinstance(entry, URLPattern):
            yield (f"{namespace}{entry.name}" if entry.name else None), entry


def parameter_names(name):
    """The parameters of a named pattern, as reverse() knows them: ([positional], [named])."""
    resolver = get_resolver()
    if ":" in name:  # reverse_dict of the namespace's own resolver
        *path, short = name.split(":")
        for ns in path:
            _prefix, resolver = resolver.namespace_dict[ns]
        name = short
    for possibility, _pattern, _defaults, _converters in resolver.reverse_dict.getlist(name):
        for _result, params in possibility:
            return list(params)
    return []


def template_url(name):
    """The pattern's address with placeholders in its parameters, and the placeholders."""
    params = parameter_names(name)
    for style in ("int", "str", "choice"):
        values = {
            param: (
                str(PLACEHOLDER_INT + i) if style == "int"
                else f"{PLACEHOLDER_STR}{i}" if style == "str"
                else CHOICES.get(param, f"{PLACEHOLDER_STR}{i}")
            )
            for i, param in enumerate(params)
        }
        try:
            if params and all(re.fullmatch(r"_\d+", p) or p.isdigit() for p in params):
                return reverse(name, args=list(values.values())), values
            return reverse(name, kwargs=values), values
        except NoReverseMatch:
            try:
                return reverse(name, args=list(values.values())), values
            except NoReverseMatch:
                continue
    return None, {}


# ---------------------------------------------------------------------------------------------
# Which query keys a view reads
# ---------------------------------------------------------------------------------------------


class ReadKeys:
    """Records the keys asked of any QueryDict (request.GET, and POST on GET requests: empty)."""

    def __init__(self, monkeypatch):
        self.keys = set()
        for method in ("get", "getlist", "__getitem__", "__contains__"):
            original = getattr(QueryDict, method)
            monkeypatch.setattr(QueryDict, method, self._wrap(original))

    def _wrap(self, original):
        keys = self.keys

        def recorded(querydict, key, *args, **kwargs):
            if isinstance(key, str):
                keys.add(key)
            return original(querydict, key, *args, **kwargs)

        return recorded


# ---------------------------------------------------------------------------------------------
# Data for the good values
# ---------------------------------------------------------------------------------------------


@pytest.fixture
def world(db, citizen):
    from django_comments_xtd.models import XtdComment
    from django.contrib.contenttypes.models import ContentType
    from django.contrib.sites.models import Site

    make_site()
    call, box, proposals = make_voting_call()
    own = ProposalFactory(call=call, author=citizen, territory=box.territory, status="selected")
    group = ProposalGroup.objects.create(name="Grupo de prueba", created_by=citizen)
    GroupMembership.objects.get_or_create(group=group, user=citizen)
    Support.objects.get_or_create(proposal=proposals[0], user=citizen)
    ProjectFollow.objects.get_or_create(proposal=own, user=citizen)
    comment = XtdComment.objects.create(
        content_type=ContentType.objects.get_for_model(own),
        object_pk=str(own.pk),
        site=Site.objects.get_current(),
        user=citizen,
        comment="Un comentario.",
        submit_date=timezone.now(),
    )
    return {
        "call": call,
        "box": box,
        "proposal": own,
        "group": group,
        "comment": comment,
        "content_type": ContentType.objects.get_for_model(own),
    }


def good_values(world, name, param):
    """Values that reach a real object for this parameter (plus a plain one)."""
    by_name = {
        "pk": [world["group"].pk] if "group" in name else [world["proposal"].pk],
        "call_id": [world["call"].pk],
        "box_id": [world["box"].pk],
        "cid": [world["comment"].pk],
        "comment_id": [world["comment"].pk],
        "content_type_id": [world["content_type"].pk],
        "object_id": [world["proposal"].pk],
        "key": [world["call"].slug, world["call"].pk],
        "code": [getattr(world["group"], "join_code", None) or getattr(world["group"], "code", "abc")],
        "page_id": [world["call"].pk],
    }
    return [str(v) for v in by_name.get(param, [])] + ["1"]


def addresses(world):
    """(label, good address, {param: placeholder}) for every pattern and every live page."""
    found = []
    skipped = []
    for name, pattern in url_patterns():
        if name is None:
            continue  # cannot be reversed: Wagtail admin internals and catch-alls
        if name == "wagtail_serve":
            continue  # the pages are listed below, each with its own address
        url, placeholders = template_url(name)
        if url is None:
            skipped.append(name)
            continue
        found.append((name, url, placeholders))
    for page in Page.objects.live().specific():
        url = page.relative_url(None)
        if not url:
            continue
        found.append((f"page {url}", url, {}))
    return found, skipped


def routable_subpages():
    """Wagtail's routable pages: the sub-routes of a CallPage (calendar, proposals, results…)."""
    from convocatorias.models import CallPage

    routes = []
    for pattern in CallPage().get_subpage_urls():
        route = str(pattern.pattern)
        if "<" in route:
            route = re.sub(r"<int:[^>]+>", str(PLACEHOLDER_INT), route)
            route = re.sub(r"<[^>]+>", PLACEHOLDER_STR, route)
        routes.append(route)
    return routes


# ---------------------------------------------------------------------------------------------
# The walk
# ---------------------------------------------------------------------------------------------


def _get(client, url, params, errors):
    query = "&".join(f"{key}={value}" for key, value in params.items())
    address = f"{url}?{query}" if query else url
    errors.clear()
    response = client.get(address)
    return address, response


@pytest.mark.parametrize("role", ["anonymous", "citizen"])
def test_no_address_answers_5xx_to_bad_values(role, world, citizen, monkeypatch):
    client = Client(raise_request_exception=False)
    if role == "citizen":
        client.force_login(citizen)
    errors = []

    def record(sender, request=None, **kwargs):
        import sys

        errors.append(repr(sys.exc_info()[1])[:300])

    got_request_exception.connect(record, weak=False)
    reader = ReadKeys(monkeypatch)
    failures = []
    found, skipped = addresses(world)
    # Sub-routes of routable pages, with their placeholders, under the call page.
    call_url = world["call"].relative_url(None)
    for route in routable_subpages():
        placeholders = {}
        if str(PLACEHOLDER_INT) in route:
            placeholders["territory_id"] = str(PLACEHOLDER_INT)
        if PLACEHOLDER_STR in route:
            placeholders["fmt"] = PLACEHOLDER_STR
        found.append((f"call route {route}", call_url + route, placeholders))
    assert len(found) > 300, "the walk must cover the whole URLconf"
    assert not skipped, f"named patterns the walk could not build an address for: {skipped}"

    try:
        for label, template, placeholders in found:
            is_admin = template.startswith("/admin/")
            # Good values in the path: a real object's id, then "1".
            good_urls = []
            choices = {
                param: good_values(world, label, param) for param in placeholders
            }
            good = template
            for param, placeholder in placeholders.items():
                good = good.replace(placeholder, choices[param][0])
            good_urls.append(good)
            if not is_admin:
                alt = template
                for param, placeholder in placeholders.items():
                    alt = alt.replace(placeholder, choices[param][-1])
                if alt != good:
                    good_urls.append(alt)

            for url in good_urls:
                reader.keys.clear()
                address, response = _get(client, url, {}, errors)
                if response.status_code >= 500:
                    failures.append((role, label, address[:200], response.status_code, list(errors)))
            if is_admin:
                keys = set()  # anonymous people and citizens never reach the admin's views
            else:
                keys = set(reader.keys) | set(COMMON_QUERY_KEYS)
                # A second round: parameters read only when others are present.
                reader.keys.clear()
                _get(client, good, {key: "1" for key in keys}, errors)
                keys |= reader.keys
                keys = {key for key in keys if key and not key.startswith("csrf")}

            # Bad values in each path parameter.
            for param, placeholder in placeholders.items():
                for bad_name, bad in BAD_VALUES.items():
                    url = template
                    for other, other_placeholder in placeholders.items():
                        url = url.replace(other_placeholder, bad if other == param else choices[other][0])
                    address, response = _get(client, url, {}, errors)
                    if response.status_code >= 500:
                        failures.append((role, label, address[:200], response.status_code, list(errors)))
            # Bad values in each query parameter, the others set to a plain value.
            for key in sorted(keys):
                for bad_name, bad in BAD_VALUES.items():
                    params = {quote(other): "1" for other in keys if other != key}
                    params[quote(key)] = bad
                    address, response = _get(client, good, params, errors)
                    if response.status_code >= 500:
                        failures.append((role, label, f"{good}?{key}={bad_name}", response.status_code, list(errors)))
            # A bad key, too.
            address, response = _get(client, good, {"%00": "%00", "%FF": "1"}, errors)
            if response.status_code >= 500:
                failures.append((role, label, address[:200], response.status_code, list(errors)))
    finally:
        got_request_exception.disconnect(record)

    assert not failures, "5xx answers:\n" + "\n".join(
        f"{role} {label} {address[:160]} → {status} {errs}" for role, label, address, status, errs in failures
    )


@pytest.mark.parametrize(
    "address",
    ["/buscar/?q=a%00b", "/propuestas/grupos/unirse/ab%00c/", "/banco/?q=%00", "/banco/estadisticas/%00/"],
)
def test_nul_byte_gets_a_spanish_400(client, site, address):
    response = client.get(address)
    assert response.status_code == 400
    assert "carácter nulo" in response.content.decode()


def test_nul_byte_in_the_api_gets_a_json_400(client, db):
    response = client.get("/api/v1/propuestas/?q=%00")
    assert response.status_code == 400
    assert "carácter nulo" in response.json()["detail"]
