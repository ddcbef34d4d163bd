"""What else a brand search term may mean: a phone number typed as people write them, an EIN with its dash.

Brands store phone numbers in E.164 and US EINs as 9 digits, so "(202) 555-0100" or "12-3456789" would
match nothing by substring; their stored forms are searched besides.
"""

import re

import phonenumbers

US_EIN = re.compile(r"^\d{2}-\d{7}$")
# Most brands are American: a national number without a country code is read as one.
DEFAULT_REGION = "US"


def search_variants(term: str) -> tuple[list[str], list[str]]:
    """The E.164 numbers and the EINs ``term`` stands for, each list empty when it stands for none."""
    term = term.strip()
    phones = []
    try:
        number = phonenumbers.parse(term, DEFAULT_REGION)
    except phonenumbers.NumberParseException:
        number = None
    if number is not None and phonenumbers.is_valid_number(number):
        phones.append(phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164))
    eins = [term.replace("-", "")] if US_EIN.match(term) else []
    return phones, eins
