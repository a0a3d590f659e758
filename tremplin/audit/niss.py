"""The Belgian national number (NISS: numéro d'identification à la sécurité sociale).

Eleven digits ``YYMMDD SSS CC``: birth date, a sequence (odd for men, even for women) and a
check number ``CC = 97 - (YYMMDDSSS mod 97)``; for people born in 2000 or later the nine digits
are prefixed with ``2`` before the modulo. BIS numbers (people not in the national register)
add 20 (sex unknown) or 40 (sex known) to the month. A birth day or month may be ``00`` when
the exact date is unknown.
"""

import datetime
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from tremplin.audit.crypto import keyed_digest

NISS_SEPARATORS = re.compile(r"[\s.\-/]")


def normalize_niss(value) -> str:
    """The eleven digits of ``value``, separators (spaces, dots, dashes, slashes) removed."""
    return NISS_SEPARATORS.sub("", str(value or ""))


def check_number(base: str, born_in_2000s: bool) -> int:
    """The two check digits of the nine digits ``base`` (the one place they are computed)."""
    return 97 - int(("2" if born_in_2000s else "") + base) % 97


def _century_of(digits: str) -> int | None:
    """1900 or 2000 according to the check number, or None when it matches neither."""
    base, check = digits[:9], int(digits[9:])
    if check_number(base, born_in_2000s=False) == check:
        return 1900
    if check_number(base, born_in_2000s=True) == check:
        return 2000
    return None


def _month_day(digits: str) -> tuple[int, int]:
    month, day = int(digits[2:4]), int(digits[4:6])
    if month >= 40:
        month -= 40
    elif month >= 20:
        month -= 20
    return month, day


def niss_birth_date(value) -> datetime.date | None:
    """The birth date a valid NISS encodes, or None when it is partly unknown."""
    digits = normalize_niss(value)
    century = _century_of(digits)
    month, day = _month_day(digits)
    if century is None or not month or not day:
        return None
    return datetime.date(century + int(digits[:2]), month, day)


def is_bis_number(value) -> bool:
    """A BIS number (not in the national register): month increased by 20 or 40."""
    return int(normalize_niss(value)[2:4]) >= 20


def validate_niss(value) -> None:
    """Raise a French ``ValidationError`` unless ``value`` is a valid NISS (or BIS number)."""
    digits = normalize_niss(value)
    if not re.fullmatch(r"\d{11}", digits):
        raise ValidationError(
            _("Le numéro de registre national compte 11 chiffres (ex. : 85.07.30-033.28)."),
            code="niss_format",
        )
    century = _century_of(digits)
    if century is None:
        raise ValidationError(
            _("Ce numéro de registre national n'est pas valide : vérifiez les chiffres."),
            code="niss_checksum",
        )
    month, day = _month_day(digits)
    if month > 12 or not 0 < int(digits[6:9]) < 999:
        raise ValidationError(
            _("Ce numéro de registre national n'est pas valide : vérifiez les chiffres."),
            code="niss_checksum",
        )
    if month and day:
        try:
            birth = datetime.date(century + int(digits[:2]), month, day)
        except ValueError:
            birth = None
        if birth is None or birth > datetime.date.today():
            raise ValidationError(
                _("La date de naissance de ce numéro de registre national n'existe pas."),
                code="niss_date",
            )


def format_niss(value) -> str:
    """``85073003328`` → ``85.07.30-033.28``."""
    d = normalize_niss(value)
    return f"{d[0:2]}.{d[2:4]}.{d[4:6]}-{d[6:9]}.{d[9:11]}"


def mask_niss(value) -> str:
    """Show the birth date part only: ``85.07.30-***.**`` (empty for an empty value)."""
    d = normalize_niss(value)
    if not d:
        return ""
    return f"{d[0:2]}.{d[2:4]}.{d[4:6]}-***.**"


def niss_digest(value, key: str | None = None) -> str:
    """A keyed hash of the NISS, to find a person by NISS or enforce uniqueness without
    decrypting: store it next to the encrypted value (``EncryptedNissField``). ``key``: another
    digest key than the setting's (see ``keyed_digest``)."""
    return keyed_digest(normalize_niss(value), "niss", key)
