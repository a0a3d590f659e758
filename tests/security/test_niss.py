import datetime

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from tremplin.audit.niss import (
    format_niss,
    is_bis_number,
    mask_niss,
    niss_birth_date,
    niss_digest,
    normalize_niss,
    validate_niss,
)


def make_niss(birth: datetime.date, sequence: int, month_offset: int = 0) -> str:
    base = f"{birth:%y}{birth.month + month_offset:02d}{birth:%d}{sequence:03d}"
    prefix = "2" if birth.year >= 2000 else ""
    return f"{base}{97 - int(prefix + base) % 97:02d}"


births = st.dates(min_value=datetime.date(1900, 1, 1), max_value=datetime.date.today())
sequences = st.integers(min_value=1, max_value=997)


@given(birth=births, sequence=sequences, offset=st.sampled_from([0, 20, 40]))
def test_every_well_formed_number_is_valid_and_encodes_its_birth_date(birth, sequence, offset):
    niss = make_niss(birth, sequence, offset)
    validate_niss(niss)
    validate_niss(format_niss(niss))
    assert niss_birth_date(niss) == birth
    assert is_bis_number(niss) == (offset > 0)


@given(birth=births, sequence=sequences, wrong=st.integers(min_value=1, max_value=96))
def test_a_wrong_check_number_is_refused(birth, sequence, wrong):
    niss = make_niss(birth, sequence)
    check = (int(niss[9:]) + wrong - 1) % 97 + 1
    other_century = "2" if birth.year < 2000 else ""
    if 97 - int(other_century + niss[:9]) % 97 == check:
        return  # the same digits are valid for the other century: not a wrong number
    with pytest.raises(ValidationError):
        validate_niss(niss[:9] + f"{check:02d}")


@pytest.mark.parametrize(
    "value",
    [
        "85.07.30-033.28",  # pre-2000
        "85073003328",
        "00.01.01-001.05",  # born 1 Jan 2000: check number with the leading 2
        "85.27.30-033.71",  # BIS, sex unknown (month + 20)
        "85.00.00-033.xx".replace("xx", f"{97 - 850000033 % 97:02d}"),  # unknown birth date
    ],
)
def test_known_valid_numbers(value):
    validate_niss(value)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("1234", "11 chiffres"),
        ("abcdefghijk", "11 chiffres"),
        ("85.07.30-033.29", "vérifiez les chiffres"),
        ("85.13.30-033.xx".replace("xx", f"{97 - 851330033 % 97:02d}"), "vérifiez"),
        ("85.02.30-033.xx".replace("xx", f"{97 - 850230033 % 97:02d}"), "n'existe pas"),
    ],
)
def test_invalid_numbers_get_a_french_message(value, message):
    with pytest.raises(ValidationError) as error:
        validate_niss(value)
    assert message in error.value.messages[0]


def test_mask_format_and_digest():
    assert mask_niss("85073003328") == "85.07.30-***.**"
    assert mask_niss("") == ""
    assert format_niss("85 07 30 033 28") == "85.07.30-033.28"
    assert normalize_niss("85.07.30-033.28") == "85073003328"
    assert niss_digest("85.07.30-033.28") == niss_digest("85073003328")
    assert "85073003328" not in niss_digest("85073003328")
