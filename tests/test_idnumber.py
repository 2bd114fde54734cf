"""Resident ID numbers (GB 11643-1999). Every number here is fictional (area 530829)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from yuesong_cli.domain.idnumber import (
    MAINLAND_PROVINCES,
    OTHER_PROVINCES,
    IdNumber,
    check_character,
    make_id_number,
    parse_id_number,
    upgrade_old_number,
)
from yuesong_cli.errors import InvalidIdNumber

TODAY = dt.date(2026, 11, 28)

# Check character of 530829 19900101 123, by hand:
#   digits   5  3  0  8  2  9  1  9  9  0  0  1  0  1  1  2  3
#   weights  7  9 10  5  8  4  2  1  6  3  7  9 10  5  8  4  2
#   products 35 27 0 40 16 36  2  9 54  0  0  9  0  5  8  8  6   sum 255
#   255 mod 11 = 2, and "10X98765432"[2] = "X".
HAND_COMPUTED = "53082919900101123X"


def with_check(first17: str) -> str:
    """A number whose check character is right, so that another fault is the one found."""
    return first17 + check_character(first17)


def error_of(text: str, today: dt.date = TODAY) -> InvalidIdNumber:
    with pytest.raises(InvalidIdNumber) as caught:
        parse_id_number(text, today)
    return caught.value


def test_check_character_hand_computed() -> None:
    assert check_character(HAND_COMPUTED[:17]) == "X"


@pytest.mark.parametrize(
    ("first17", "expected"),
    [
        ("53082919900101123", "X"),
        ("53082919900101124", "8"),
        ("53082919850715004", "8"),
        ("11010519491231002", "X"),
    ],
)
def test_check_character_examples(first17: str, expected: str) -> None:
    assert check_character(first17) == expected


@pytest.mark.parametrize("bad", ["", "5308291990010112", "530829199001011234", "5308291990010112a"])
def test_check_character_needs_17_digits(bad: str) -> None:
    with pytest.raises(ValueError):
        check_character(bad)


def test_parse_hand_computed() -> None:
    parsed = parse_id_number(HAND_COMPUTED, TODAY)
    assert parsed == IdNumber(
        number="53082919900101123X",
        area_code="530829",
        birth_date=dt.date(1990, 1, 1),
        gender="male",
    )


def test_make_id_number_matches_hand_computed() -> None:
    assert make_id_number("530829", dt.date(1990, 1, 1), 123) == HAND_COMPUTED


def test_even_sequence_is_female() -> None:
    number = make_id_number("530829", dt.date(1985, 7, 15), 4)
    assert number == "530829198507150048"
    parsed = parse_id_number(number, TODAY)
    assert parsed.gender == "female"
    assert parsed.birth_date == dt.date(1985, 7, 15)


def test_sequence_zero_and_999() -> None:
    assert make_id_number("530829", dt.date(2000, 2, 29), 0)[14:17] == "000"
    assert parse_id_number(make_id_number("530829", dt.date(2000, 2, 29), 0), TODAY).gender == (
        "female"
    )
    assert parse_id_number(make_id_number("530829", dt.date(2000, 2, 29), 999), TODAY).gender == (
        "male"
    )


def test_lowercase_x_accepted() -> None:
    assert parse_id_number("53082919900101123x", TODAY).number == HAND_COMPUTED


def test_spaces_stripped() -> None:
    assert parse_id_number(" 530829 19900101 123x ", TODAY).number == HAND_COMPUTED


def test_full_width_accepted() -> None:
    assert parse_id_number("５３０８２９１９９００１０１１２３ｘ", TODAY).number == HAND_COMPUTED


def test_repr_does_not_show_the_number() -> None:
    text = repr(parse_id_number(HAND_COMPUTED, TODAY))
    assert "123X" not in text
    assert "19900101" not in text
    assert text == "IdNumber(area_code='530829', gender='male')"


@pytest.mark.parametrize(
    ("text", "length"),
    [("", 0), ("5308291990", 10), ("53082919900101123", 17), ("53082919900101123X0", 19)],
)
def test_length_error(text: str, length: int) -> None:
    error = error_of(text)
    assert error.key == "error.id.length"
    assert error.params == {"length": length}


@pytest.mark.parametrize(
    "text",
    [
        "53082919900101123A",  # a letter other than X
        "5308291990010112X3",  # X not in last place
        "530829-19900101-12",  # separators that are not spaces
        "５３０８２９１９９００１０１１２３Ａ",
        "53082919900101123٣",  # an Arabic-Indic digit is not an ASCII digit
    ],
)
def test_chars_error(text: str) -> None:
    error = error_of(text)
    assert error.key == "error.id.chars"
    assert error.params == {}


@pytest.mark.parametrize(
    "area",
    [
        "000000",
        "100829",  # no province 10
        "160829",  # nor 16
        "390829",
        "660829",
        "990829",
        "530000",  # a bare province code, never a place of registration
    ],
)
def test_area_error(area: str) -> None:
    error = error_of(with_check(area + "19900101123"))
    assert error.key == "error.id.area"
    assert error.params == {}


@pytest.mark.parametrize("area", ["110101", "530800", "532931", "650102", "810000", "820000"])
def test_area_accepted(area: str) -> None:
    assert parse_id_number(with_check(area + "19900101123"), TODAY).area_code == area


@pytest.mark.parametrize(
    "birth",
    [
        "19900230",  # no 30 February
        "20260229",  # 2026 is a common year
        "19901301",
        "19900100",
        "18991231",  # before 1900
        "20261129",  # the day after TODAY
        "20300101",
    ],
)
def test_birth_error(birth: str) -> None:
    error = error_of(with_check("530829" + birth + "123"))
    assert error.key == "error.id.birth"
    assert error.params == {}


@pytest.mark.parametrize("birth", ["19000101", "20240229", "20261128"])
def test_birth_limits_accepted(birth: str) -> None:
    parse_id_number(with_check("530829" + birth + "123"), TODAY)


def test_birth_today_depends_on_today() -> None:
    number = with_check("530829" + "20261128" + "123")
    assert error_of(number, dt.date(2026, 11, 27)).key == "error.id.birth"


@pytest.mark.parametrize("last", "0123456789")
def test_check_error(last: str) -> None:
    error = error_of(HAND_COMPUTED[:17] + last)
    assert error.key == "error.id.check"
    assert error.params == {}


@pytest.mark.parametrize(
    ("area", "birth", "sequence", "message"),
    [
        ("5308", dt.date(1990, 1, 1), 1, "area_code"),
        ("530000", dt.date(1990, 1, 1), 1, "area_code"),
        ("530829", dt.date(1899, 12, 31), 1, "birth_date"),
        ("530829", dt.date(1990, 1, 1), -1, "sequence"),
        ("530829", dt.date(1990, 1, 1), 1000, "sequence"),
    ],
)
def test_make_id_number_refuses(area: str, birth: dt.date, sequence: int, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        make_id_number(area, birth, sequence)


@st.composite
def area_codes(draw: st.DrawFn) -> str:
    province = draw(st.sampled_from(sorted(MAINLAND_PROVINCES | OTHER_PROVINCES)))
    rest = draw(st.integers(min_value=0, max_value=9999))
    if province in MAINLAND_PROVINCES and rest == 0:
        rest = 101
    return f"{province:02d}{rest:04d}"


birth_dates = st.dates(min_value=dt.date(1900, 1, 1), max_value=TODAY)
sequences = st.integers(min_value=0, max_value=999)


@given(area_codes(), birth_dates, sequences)
def test_make_round_trips_through_parse(area: str, birth: dt.date, sequence: int) -> None:
    number = make_id_number(area, birth, sequence)
    parsed = parse_id_number(number, TODAY)
    assert parsed.number == number
    assert parsed.area_code == area
    assert parsed.birth_date == birth
    assert parsed.gender == ("male" if sequence % 2 else "female")


@given(area_codes(), birth_dates, sequences)
def test_lowercase_round_trips(area: str, birth: dt.date, sequence: int) -> None:
    number = make_id_number(area, birth, sequence)
    assert parse_id_number(number.lower(), TODAY).number == number


@given(
    area_codes(),
    birth_dates,
    sequences,
    st.integers(min_value=0, max_value=17),
    st.sampled_from("0123456789X"),
)
def test_any_single_character_change_is_rejected(
    area: str, birth: dt.date, sequence: int, position: int, replacement: str
) -> None:
    number = make_id_number(area, birth, sequence)
    changed = number[:position] + replacement + number[position + 1 :]
    assume(changed != number)
    error = error_of(changed)
    # The error never carries the number, nor any 4 consecutive characters of it.
    shown = " ".join(str(value) for value in error.params.values())
    assert all(changed[i : i + 4] not in shown for i in range(15))


@given(area_codes(), birth_dates, sequences, st.integers(min_value=0, max_value=15))
def test_swapping_neighbouring_digits_is_rejected(
    area: str, birth: dt.date, sequence: int, position: int
) -> None:
    # Swapping digits a and b in places i and i+1 of the first 17 changes the weighted sum
    # by (w[i] - w[i+1]) * (b - a); neighbouring weights differ and 11 is prime, so the sum
    # mod 11 changes. A swap with the check place itself has no such guarantee.
    number = make_id_number(area, birth, sequence)
    first, second = number[position], number[position + 1]
    assume(first != second)
    swapped = number[:position] + second + first + number[position + 2 :]
    with pytest.raises(InvalidIdNumber):
        parse_id_number(swapped, TODAY)


# --- first-generation (15-digit) numbers --------------------------------------------------

OLD_HAND = "530829900101123"  # HAND_COMPUTED as its old card printed it


def test_a_15_digit_number_is_upgraded_and_kept() -> None:
    parsed = parse_id_number(OLD_HAND, TODAY)
    assert parsed.number == HAND_COMPUTED  # "19" inserted, check character X appended
    assert parsed.original == OLD_HAND
    assert (parsed.area_code, parsed.birth_date, parsed.gender) == (
        "530829",
        dt.date(1990, 1, 1),
        "male",
    )
    # Kept out of repr like the number itself.
    assert OLD_HAND not in repr(parsed)
    assert upgrade_old_number(OLD_HAND) == HAND_COMPUTED


def test_an_18_digit_number_has_no_original() -> None:
    assert parse_id_number(HAND_COMPUTED, TODAY).original is None


def test_a_15_digit_number_typed_as_people_type_it() -> None:
    assert parse_id_number(" 530829 900101 123 ", TODAY).original == OLD_HAND
    assert parse_id_number("５３０８２９９００１０１１２４", TODAY).gender == "female"


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("53082990010112X", "error.id.chars_old"),  # an old number has no check character
        ("5308299001011A3", "error.id.chars_old"),
        ("530000900101123", "error.id.area"),
        ("100829900101123", "error.id.area"),
        ("530829900230123", "error.id.birth"),  # 30 February 1990
        ("530829901301123", "error.id.birth"),
    ],
)
def test_a_15_digit_number_is_checked_as_its_upgrade(text: str, key: str) -> None:
    error = error_of(text)
    assert (error.key, error.params) == (key, {})


@pytest.mark.parametrize("length", [14, 16])
def test_lengths_around_15_are_refused(length: int) -> None:
    assert error_of("5" * length).key == "error.id.length"


def test_upgrade_needs_15_digits() -> None:
    with pytest.raises(ValueError):
        upgrade_old_number("53082919900101123")


old_birth_dates = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(1999, 12, 31))


@given(area_codes(), old_birth_dates, sequences)
def test_an_old_number_upgrades_to_the_new_number_of_the_same_person(
    area: str, birth: dt.date, sequence: int
) -> None:
    new = make_id_number(area, birth, sequence)
    old = new[:6] + new[8:17]  # what the first-generation card printed
    parsed = parse_id_number(old, TODAY)
    assert parsed.number == new
    assert parsed.original == old
    assert parsed.birth_date == birth
    assert parsed.gender == ("male" if sequence % 2 else "female")
    # The upgrade is the only 18-character number the old one stands for: read again,
    # it is the same person and has no original of its own.
    again = parse_id_number(parsed.number, TODAY)
    assert (again.number, again.birth_date, again.gender, again.original) == (
        new,
        birth,
        parsed.gender,
        None,
    )


@given(area_codes(), old_birth_dates, sequences, st.integers(min_value=0, max_value=14))
def test_a_mistyped_old_number_never_echoes_itself(
    area: str, birth: dt.date, sequence: int, position: int
) -> None:
    new = make_id_number(area, birth, sequence)
    old = new[:6] + new[8:17]
    changed = old[:position] + "A" + old[position + 1 :]
    error = error_of(changed)
    assert error.key == "error.id.chars_old"
    assert error.params == {}
