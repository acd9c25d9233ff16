"""Moroccan business and bank identifiers.

ICE and non-Moroccan IBANs are checked by python-stdnum. Moroccan RIBs, and
IBANs that wrap one, are checked here: stdnum knows neither (Morocco is not
in the SWIFT IBAN registry that stdnum ships, yet its banks issue "MA" IBANs).
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum import iban as stdnum_iban
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.iso7064 import mod_97_10
from stdnum.ma import ice as stdnum_ice


def compact(value: str) -> str:
    return "".join(value.split()).replace("-", "").upper()


def validate_ice(value: str) -> None:
    try:
        stdnum_ice.validate(value)
    except StdnumError as error:
        raise ValidationError(
            _("Enter a valid ICE: 15 digits with a correct check number."), code="invalid_ice"
        ) from error


def rib_check_key(first_22_digits: str) -> int:
    """The two-digit key that ends a Moroccan RIB (bank 3, city 3, account 16)."""
    return 97 - (int(first_22_digits) * 100) % 97


def validate_rib(value: str) -> None:
    rib = compact(value)
    if len(rib) != 24 or not rib.isdigit():
        raise ValidationError(_("A RIB has exactly 24 digits."), code="invalid_rib")
    if rib_check_key(rib[:22]) != int(rib[22:]):
        raise ValidationError(_("This RIB's check key is wrong: check the last two digits."), code="invalid_rib")


def validate_iban(value: str) -> None:
    number = compact(value)
    if number.startswith("MA"):
        if len(number) != 28 or not number[2:].isdigit() or not mod_97_10.is_valid(number[4:] + number[:4]):
            raise ValidationError(_("Enter a valid IBAN."), code="invalid_iban")
        validate_rib(number[4:])
        return
    try:
        stdnum_iban.validate(number)
    except StdnumError as error:
        raise ValidationError(_("Enter a valid IBAN."), code="invalid_iban") from error


def mask_account_number(value: str) -> str:
    """Show only the last four characters: payout details are never shown whole."""
    number = compact(value)
    if not number:
        return ""
    return "•" * max(len(number) - 4, 0) + number[-4:]


def ice_complete(first_13_digits: str) -> str:
    """Append the two check digits that make a valid ICE (the number is 0 mod 97)."""
    return f"{first_13_digits}{(-int(first_13_digits) * 100) % 97:02d}"


def rib_complete(first_22_digits: str) -> str:
    """Append the check key that makes a valid Moroccan RIB."""
    return f"{first_22_digits}{rib_check_key(first_22_digits):02d}"
