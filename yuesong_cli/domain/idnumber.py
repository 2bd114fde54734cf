"""Resident ID numbers (公民身份号码, GB 11643-1999).

Eighteen characters: a 6-digit area code, the birth date as YYYYMMDD, a 3-digit sequence
(odd for men, even for women) and a check character. Reading one checks, in this order,
length, characters, area code, birth date and check character, so the officer is told the
first thing that is wrong.

A first-generation number (the cards were withdrawn in 2013, the numbers live on in old
decisions and case files) has fifteen digits: the area code, the birth date as YYMMDD in
the 1900s, the sequence, no check character. It is upgraded to the eighteen it stands
for ("19" before the year, the check character appended, as the cards were reissued),
the number the register keys on, and the digits as typed are kept beside it.

Errors carry a message key and at most a length: never the number, which is personal
data (docs/security.md §7, 8).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field

from yuesong_cli.errors import InvalidIdNumber

ID_LENGTH = 18
OLD_ID_LENGTH = 15
WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK_CHARACTERS = "10X98765432"
EARLIEST_BIRTH = dt.date(1900, 1, 1)

# The province part of the area code (GB/T 2260): the mainland provinces, then Taiwan (71),
# Hong Kong (81), Macau (82), residence permits of Taiwan residents (83, same number scheme)
# and 91. The list errs on the side of accepting: refusing a real number would keep its
# holder out of the register, while a wrong one still has to pass the check character.
MAINLAND_PROVINCES = frozenset(
    [*range(11, 16), *range(21, 24), *range(31, 38), *range(41, 47), *range(50, 55), *range(61, 66)]
)
OTHER_PROVINCES = frozenset([71, 81, 82, 83, 91])

# str.isdigit would let Arabic-Indic or other Unicode digits through; the number is ASCII.
_SHAPE = re.compile(r"[0-9]{17}[0-9X]")
_DIGITS17 = re.compile(r"[0-9]{17}")
_DIGITS15 = re.compile(r"[0-9]{15}")


@dataclass(frozen=True)
class IdNumber:
    """A checked ID number and what it says about its holder."""

    # Kept out of repr so that a logged or printed value does not expose the person.
    number: str = field(repr=False)
    area_code: str
    birth_date: dt.date = field(repr=False)
    gender: str  # "male" | "female"
    # The 15 digits as typed when ``number`` was upgraded from a first-generation card.
    original: str | None = field(default=None, repr=False)


def check_character(first17: str) -> str:
    """The GB 11643 check character (a digit or X) for the first 17 digits."""
    if not _DIGITS17.fullmatch(first17):
        # A programming error, not the officer's: callers validate the shape first.
        raise ValueError("check_character needs exactly 17 ASCII digits")
    total = sum(int(digit) * weight for digit, weight in zip(first17, WEIGHTS, strict=True))
    return CHECK_CHARACTERS[total % 11]


def valid_area_code(area_code: str) -> bool:
    """Whether ``area_code`` has the shape of a GB/T 2260 county-level code.

    Only the shape is checked, not a table of codes: the table changes as counties are
    merged or renamed while old numbers stay valid for life. Six digits, a known province,
    and for the mainland not a bare province code (city and county parts both "00"); Hong
    Kong, Macau and Taiwan numbers do use 810000, 820000 and 830000.
    """
    if not re.fullmatch(r"[0-9]{6}", area_code):
        return False
    province = int(area_code[:2])
    if province in OTHER_PROVINCES:
        return True
    return province in MAINLAND_PROVINCES and area_code[2:] != "0000"


def normalise_id_text(text: str) -> str:
    """The ID number as typed, cleaned of what typing adds but does not mean.

    NFKC turns full-width digits and Ｘ (a Chinese input method in full-width mode) into
    ASCII; spaces are how people group the digits when reading them off a card.
    """
    folded = unicodedata.normalize("NFKC", text)
    return "".join(folded.split()).upper()


def upgrade_old_number(old: str) -> str:
    """The 18-character number a 15-digit one stands for: "19" before the two-digit
    year, the check character after the sequence."""
    if not _DIGITS15.fullmatch(old):
        # A programming error: callers validate the shape first.
        raise ValueError("upgrade_old_number needs exactly 15 ASCII digits")
    first17 = f"{old[:6]}19{old[6:]}"
    return first17 + check_character(first17)


def parse_id_number(text: str, today: dt.date) -> IdNumber:
    """Check ``text`` as an ID number; raise ``InvalidIdNumber`` naming the first fault.

    A 15-digit number is checked as its upgrade to 18 would be (area code, birth date)
    and comes back upgraded, with ``original`` the digits typed."""
    number = normalise_id_text(text)
    if len(number) == OLD_ID_LENGTH:
        if not _DIGITS15.fullmatch(number):
            raise InvalidIdNumber("error.id.chars_old")
        # Upgraded first, so its check character is right by construction and the
        # checks below find only what the old number itself gets wrong.
        upgraded = parse_id_number(upgrade_old_number(number), today)
        return IdNumber(
            number=upgraded.number,
            area_code=upgraded.area_code,
            birth_date=upgraded.birth_date,
            gender=upgraded.gender,
            original=number,
        )
    if len(number) != ID_LENGTH:
        raise InvalidIdNumber("error.id.length", length=len(number))
    if not _SHAPE.fullmatch(number):
        raise InvalidIdNumber("error.id.chars")
    area_code = number[:6]
    if not valid_area_code(area_code):
        raise InvalidIdNumber("error.id.area")
    try:
        birth_date = dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        raise InvalidIdNumber("error.id.birth") from None
    if not EARLIEST_BIRTH <= birth_date <= today:
        raise InvalidIdNumber("error.id.birth")
    if number[17] != check_character(number[:17]):
        raise InvalidIdNumber("error.id.check")
    gender = "male" if int(number[14:17]) % 2 == 1 else "female"
    return IdNumber(number=number, area_code=area_code, birth_date=birth_date, gender=gender)


def make_id_number(area_code: str, birth_date: dt.date, sequence: int) -> str:
    """A valid ID number for fictional people (sample data and tests).

    Raises ``ValueError`` for an argument that could not give a number ``parse_id_number``
    accepts, so a generator bug shows up where it happens.
    """
    if not valid_area_code(area_code):
        raise ValueError("area_code is not a valid area code")
    if birth_date < EARLIEST_BIRTH:
        raise ValueError("birth_date is before 1900-01-01")
    if not 0 <= sequence <= 999:
        raise ValueError("sequence must be 0..999")
    first17 = f"{area_code}{birth_date:%Y%m%d}{sequence:03d}"
    return first17 + check_character(first17)
