"""Money amounts: integers in the smallest unit the call uses, shown in the reader's style: in
Spanish as the call's country groups thousands, in English with commas."""

from django.utils.translation import get_language

THOUSANDS_SEPARATOR = {"MXN": ",", "COP": "."}


def thousands_separator(currency: str, language: str | None = None) -> str:
    """The separator of thousands for `currency` read in `language` (the active one by default)."""
    language = language or get_language() or "es"
    if language.startswith("en"):
        return ","
    return THOUSANDS_SEPARATOR.get(currency, ",")


def format_money(amount: int, currency: str, language: str | None = None) -> str:
    """`format_money(251265148208, "COP")` → "$ 251.265.148.208 COP" in Spanish,
    "$ 251,265,148,208 COP" in English."""
    grouped = f"{int(amount):,}".replace(",", thousands_separator(currency, language))
    return f"$ {grouped} {currency}".strip()
