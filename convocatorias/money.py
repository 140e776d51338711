"""Money amounts: integers in the smallest unit the call uses, shown in the country's style."""

THOUSANDS_SEPARATOR = {"MXN": ",", "COP": "."}


def format_money(amount: int, currency: str) -> str:
    """`format_money(251265148208, "COP")` → "$ 251.265.148.208 COP"."""
    grouped = f"{int(amount):,}".replace(",", THOUSANDS_SEPARATOR.get(currency, ","))
    return f"$ {grouped} {currency}".strip()
