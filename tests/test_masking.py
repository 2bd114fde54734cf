"""Masks on ID numbers, phones and names (docs/domain.md, docs/security.md §2). Fictional values."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from yuesong_cli.domain.masking import mask_id_number, mask_name, mask_phone


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        ("530829199001011234", "5308**********1234"),
        ("53082919900101123X", "5308**********123X"),
        ("530829900101123", "5308*******1123"),  # a first-generation 15-digit number
        ("123456789012", "1234****9012"),  # the shortest value that keeps 4 + 4
        # Shorter: another document's number (a passport's) keeps its first and last 2.
        ("MA1234512", "MA*****12"),
        ("12345678901", "12*******01"),
        ("12345678", "12****78"),  # the shortest that keeps 2 + 2
        ("1234567", "*******"),
        ("123", "***"),
        # A number shown with its state and kind keeps those words.
        ("MMR 护照 MA1234512", "MMR 护照 MA*****12"),
        ("LAO passport P1234567", "LAO passport P1****67"),
        ("MMR 护照 M123", "MMR 护照 ****"),
        ("", ""),
        (None, ""),
    ],
)
def test_mask_id_number(value: str | None, masked: str) -> None:
    assert mask_id_number(value) == masked


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        ("13812345678", "138****5678"),
        ("0879-1234567", "087*****4567"),
        ("+8613812345678", "+86*******5678"),
        ("1381234567", "**********"),
        ("1234567", "*******"),
        ("", ""),
        (None, ""),
    ],
)
def test_mask_phone(value: str | None, masked: str) -> None:
    assert mask_phone(value) == masked


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        ("艾那", "艾*"),
        ("艾嘎门", "艾**"),
        ("依块", "依*"),
        ("娜", "娜*"),  # one character: still the character and one star
        ("艾·那", "艾**"),
        (" 叶茸 ", "叶*"),
        ("", ""),
        ("   ", ""),
        (None, ""),
    ],
)
def test_mask_name(value: str | None, masked: str) -> None:
    assert mask_name(value) == masked


@given(st.text(alphabet="0123456789X", min_size=1, max_size=30))
def test_id_mask_keeps_length_and_hides_at_least_four(value: str) -> None:
    masked = mask_id_number(value)
    assert len(masked) == len(value)
    assert masked.count("*") >= 4 or set(masked) == {"*"}
    if len(value) >= 12:
        assert masked == value[:4] + "*" * (len(value) - 8) + value[-4:]
    elif len(value) >= 8:
        assert masked == value[:2] + "*" * (len(value) - 4) + value[-2:]
    else:
        assert masked == "*" * len(value)


@given(
    st.sampled_from(["MMR", "LAO", "VNM"]),
    st.sampled_from(["护照", "passport"]),
    st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", min_size=1, max_size=20),
)
def test_a_labelled_document_keeps_its_words_and_masks_its_number(
    state: str, kind: str, number: str
) -> None:
    masked = mask_id_number(f"{state} {kind} {number}")
    assert masked == f"{state} {kind} {mask_id_number(number)}"
    assert len(masked) == len(f"{state} {kind} {number}")
    # At least 4 characters of the number are hidden, or all of them.
    assert masked.count("*") >= min(4, len(number))


@given(st.text(alphabet="0123456789+-", min_size=1, max_size=20))
def test_phone_mask_keeps_length(value: str) -> None:
    masked = mask_phone(value)
    assert len(masked) == len(value)
    if len(value) >= 11:
        assert masked == value[:3] + "*" * (len(value) - 7) + value[-4:]
    else:
        assert masked == "*" * len(value)


@given(st.text(alphabet="艾尼桑赛俄楼叶依安娜那茸嘎门惹块道高保老社冒", min_size=1, max_size=6))
def test_name_mask_shows_only_the_first_character(name: str) -> None:
    masked = mask_name(name)
    assert masked[0] == name[0]
    assert masked[1:] == "*" * max(1, len(name) - 1)
