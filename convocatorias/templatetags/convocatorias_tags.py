import datetime

from django import template

from convocatorias.money import format_money

register = template.Library()


@register.filter
def money(value, currency=""):
    """An integer amount in the call's currency style, e.g. «$ 1.250.000 COP»."""
    if value is None or value == "":
        return ""
    return format_money(value, currency)


@register.filter
def last_minute(value):
    """The last minute a phase that ends at `value` is still open, for sentences that say "until":
    a vote that closes at 00:00 on the 30th is open "until the 29th at 23:59"."""
    if not isinstance(value, datetime.datetime):
        return value
    return value - datetime.timedelta(minutes=1)
