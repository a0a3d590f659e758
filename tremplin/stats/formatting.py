"""Numbers as people read them: "14 345", "6,5", "+11,9 %" (follows the active language)."""

from django.utils import formats, translation


def fmt(value, decimals: int = 0) -> str:
    if value is None:
        return ""
    value = round(value, decimals) if decimals else round(value)
    text = formats.number_format(value, decimal_pos=decimals, use_l10n=True, force_grouping=True)
    if translation.get_language() and translation.get_language().startswith("fr"):
        # French groups thousands with a narrow no-break space.
        text = text.replace("\xa0", "\u202f").replace(".", "\u202f")
    return text


def percent(share, decimals: int = 1, signed: bool = False) -> str:
    """``0.119`` → ``"11,9 %"`` (``"+11,9 %"`` when ``signed``)."""
    if share is None:
        return ""
    text = fmt(abs(share) * 100 if signed else share * 100, decimals)
    sign = ("+" if share >= 0 else "−") if signed else ""
    space = "\u202f" if (translation.get_language() or "fr").startswith("fr") else ""
    return f"{sign}{text}{space}%"
