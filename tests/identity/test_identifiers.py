"""Phone numbers (phonenumbers, one place) and the one normaliser for sign-in identifiers."""

from __future__ import annotations

import contextlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from walletdesk.core.errors import ValidationFailed
from walletdesk.core.phones import InvalidPhone, phone_e164
from walletdesk.identity.identifiers import normalise_email, normalise_username, rate_subject_text
from walletdesk.identity.models import Customer
from walletdesk.identity.services import customer_create, customer_lookup, customer_rate_subject


@pytest.mark.parametrize(
    "raw",
    [
        "13800138000",
        "138 0013 8000",
        "+86 138-0013-8000",
        "008613800138000",
        "+86 (138) 0013 8000",
        "＋８６ １３８ ００１３ ８０００",  # full-width, as some Chinese keyboards type it
        "\u00a0+8613800138000 ",
    ],
)
def test_every_spelling_of_a_mainland_mobile_is_one_number(raw: str) -> None:
    assert phone_e164(raw) == "+8613800138000"


@pytest.mark.parametrize(
    ("raw", "e164"),
    [("+44 7700 900123", "+447700900123"), ("+91 98200 12345", "+919820012345")],
)
def test_foreign_numbers_keep_their_country(raw: str, e164: str) -> None:
    assert phone_e164(raw) == e164


@pytest.mark.parametrize("raw", ["", "abc", "12", "+1", "1" * 41, "+86 138 0013 8000 999 999"])
def test_what_cannot_be_a_phone_is_refused(raw: str) -> None:
    with pytest.raises(InvalidPhone):
        phone_e164(raw)


@given(st.text(max_size=60))
def test_phone_parsing_never_fails_otherwise(raw: str) -> None:
    with contextlib.suppress(InvalidPhone):
        assert phone_e164(raw).startswith("+")


def test_invalid_phone_is_a_validation_error() -> None:
    assert issubclass(InvalidPhone, ValidationFailed)


@pytest.mark.parametrize("spelling", ["temp2", "TEMP2", " Temp2 ", "ｔｅｍｐ２", "𝐭𝐞𝐦𝐩𝟐", "𝘁𝗲𝗺𝗽𝟮"])
def test_look_alike_usernames_normalise_to_one(spelling: str) -> None:
    assert normalise_username(spelling) == "temp2"


def test_email_domain_is_lower_cased_and_look_alikes_fold() -> None:
    assert normalise_email(" Ann.Lee@Example.COM ") == "Ann.Lee@example.com"
    assert normalise_email("ａｎｎ＠ｅｘａｍｐｌｅ．ｃｏｍ") == "ann@example.com"
    assert rate_subject_text("ANN@Example.com") == rate_subject_text("ａｎｎ＠example.com")
    for bad in ["ann", "ann@", "@example.com", "ann@localhost", "a nn@example.com"]:
        with pytest.raises(ValidationFailed):
            normalise_email(bad)


@pytest.mark.django_db
def test_customers_are_stored_and_found_by_the_same_normal_form() -> None:
    customer = customer_create(
        display_name="王小明", email="XiaoMing@Example.com", phone="138 0013 8000"
    )
    assert (customer.email, customer.phone) == ("XiaoMing@example.com", "+8613800138000")
    for spelling in ["xiaoming@EXAMPLE.com", "ｘｉａｏｍｉｎｇ＠example.com", "008613800138000"]:
        assert customer_lookup(spelling) == customer


@pytest.mark.django_db
def test_a_customers_email_and_phone_share_one_rate_subject() -> None:
    customer = customer_create(display_name="Li", email="li@example.cn", phone="+8613911112222")
    subjects = {
        customer_rate_subject(spelling)
        for spelling in ["li@example.cn", "LI@EXAMPLE.CN", "13911112222", "+86 139 1111 2222"]
    }
    assert subjects == {f"customer:{customer.pk}"}
    # Unknown identifiers still count per normal form, not as typed.
    full_width = customer_rate_subject("ｎｏｂｏｄｙ@example.cn")
    assert full_width == customer_rate_subject("nobody@example.cn")
    assert Customer.objects.count() == 1
