from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def money(value, currency=""):
    """An integer amount with grouping in the active language, e.g. «$ 1.250.000 COP»."""
    if value is None or value == "":
        return ""
    amount = number_format(int(value), decimal_pos=0, force_grouping=True)
    return f"$ {amount} {currency}".strip()
