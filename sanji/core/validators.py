"""Checks of the personal data a register holds: phone numbers and mainland ID-card numbers (GB 11643-1999)."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

PHONE = re.compile(r"\+?\d{7,20}")
ID_NUMBER = re.compile(r"\d{17}[\dX]")
_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"


def compact_phone(value: str) -> str:
    """Return the phone number without the spaces, dashes and brackets people write in it."""
    return re.sub(r"[\s\-()]", "", value or "")


def validate_phone(value: str) -> None:
    if value and not PHONE.fullmatch(compact_phone(value)):
        raise ValidationError(_("Enter a phone number of 7 to 20 digits, or leave it empty."), code="phone")


def id_check_digit(first17: str) -> str:
    """Return the check character of the first 17 digits of an ID-card number (ISO 7064 MOD 11-2)."""
    return _CHECK[sum(int(d) * w for d, w in zip(first17, _WEIGHTS, strict=True)) % 11]


def validate_id_number(value: str) -> None:
    """Accept an 18-character ID-card number whose last character is its check digit (x written X)."""
    if not value:
        return
    number = re.sub(r"\s", "", value).upper()
    if not ID_NUMBER.fullmatch(number):
        raise ValidationError(_("An ID-card number has 17 digits and a last digit or X."), code="id_number")
    if id_check_digit(number[:17]) != number[17]:
        raise ValidationError(_("This ID-card number does not check out: please look at each digit again."),
                              code="id_number")
