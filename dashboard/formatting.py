"""Numbers written for people: units, currencies and qualifiers kept with the value."""

from __future__ import annotations

import math

QUALIFIER_PREFIX = {"more than": "> ", "at least": "≥ ", "about": "≈ ", "as stated": "", "range": ""}


def compact(value: float) -> str:
    """12960000000000 -> 12.96T, 400000000 -> 400M, 140000 -> 140,000, 26 -> 26, 1.2 -> 1.2."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "n/a"
    magnitude = abs(value)
    if magnitude >= 1e12:
        return f"{value / 1e12:,.4g}T"
    if magnitude >= 1e9:
        return f"{value / 1e9:,.3g}B"
    if magnitude >= 1e6:
        return f"{value / 1e6:,.4g}M"
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.3g}"


def metric_value(value: float, unit: str, qualifier: str = "as stated", with_unit: bool = True) -> str:
    """A metric with its qualifier and unit: '> 90,000 models', '26%', '#4' ('> 90,000' without the unit word, for
    a card whose label already names it)."""
    prefix = QUALIFIER_PREFIX.get(qualifier, "")
    if unit == "%":
        return f"{prefix}{value:+g}%" if value < 0 else f"{prefix}{value:g}%"
    if unit == "rank":
        return f"{prefix}#{value:g}"
    return f"{prefix}{compact(value)}" + (f" {unit}" if with_unit else "")


def money(low_bn: float, high_bn: float, currency: str, qualifier: str = "as stated") -> str:
    """'USD 53bn', 'USD 60-65bn', '> USD 0.8bn'."""
    prefix = QUALIFIER_PREFIX.get(qualifier, "")
    amount = f"{low_bn:,.3g}" if math.isclose(low_bn, high_bn) else f"{low_bn:,.3g}-{high_bn:,.3g}"
    return f"{prefix}{currency} {amount}bn"
