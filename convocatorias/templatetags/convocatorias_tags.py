from django import template

from convocatorias.money import format_money

register = template.Library()


@register.filter
def money(value, currency=""):
    """An integer amount in the call's currency style, e.g. «$ 1.250.000 COP»."""
    if value is None or value == "":
        return ""
    return format_money(value, currency)
