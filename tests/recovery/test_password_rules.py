"""The password rules, each on its own, in both languages, and the live check behind the hints."""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

import pytest
from django.test import Client
from django.utils import translation

from tests.recovery.conftest import NEW_PASSWORD, forgot, last_code
from walletdesk.core.errors import ValidationFailed
from walletdesk.identity.models import Customer
from walletdesk.identity.passwords import password_rules_unmet, password_validate

pytestmark = pytest.mark.django_db


def _unmet(password: str, user: Any, language: str) -> list[str]:
    with translation.override(language):
        return password_rules_unmet(password=password, user=user)


@pytest.mark.parametrize(
    ("password", "english", "chinese"),
    [
        ("short-9x", "at least 10 characters", "太短"),
        ("password123", "too common", "常见"),
        ("19900517-kettle-ocean", "date of birth", "出生日期"),
        ("kettle-17051990-ocean", "date of birth", "出生日期"),
        ("ocean-900517-kettle", "date of birth", "出生日期"),
        ("lamp-13800138000-tiger", "phone number", "手机号"),
        ("lamp-8000-tiger-quilt", "phone number", "手机号"),
        ("quilt-05172x-harbour", "ID number", "身份证"),
        ("harbour-meilin-quilt-7", "your name", "姓名"),
        ("harbour-mei.lin-quilt", "email address", "邮箱"),
        ("aaaaaaaaaaaa", "too easy to guess", "容易"),
    ],
)
def test_each_rule_is_explained_in_both_languages(
    mei: Customer, password: str, english: str, chinese: str
) -> None:
    assert any(english in line for line in _unmet(password, mei, "en")), _unmet(password, mei, "en")
    assert any(chinese in line for line in _unmet(password, mei, "zh-hans")), _unmet(
        password, mei, "zh-hans"
    )
    with pytest.raises(ValidationFailed):
        password_validate(password=password, user=mei)


def test_a_chinese_name_counts_too(make_customer: Any) -> None:
    customer = make_customer(display_name="王小明", phone="+8613911112222")
    unmet = _unmet("王小明-kettle-ocean-7", customer, "en")
    assert any("your name" in line for line in unmet)


def test_a_good_password_meets_every_rule(mei: Customer) -> None:
    assert _unmet(NEW_PASSWORD, mei, "en") == []
    password_validate(password=NEW_PASSWORD, user=mei)


def test_the_length_is_ten_for_everyone(settings: Any) -> None:
    lengths = [
        v["OPTIONS"]["min_length"]
        for v in settings.AUTH_PASSWORD_VALIDATORS
        if v["NAME"].endswith("MinimumLengthValidator")
    ]
    assert lengths == [10]


def test_the_live_check_explains_as_the_customer_types(
    mei: Customer, client: Client, run_tasks: Any, caplog: pytest.LogCaptureFixture
) -> None:
    client.post("/login/", {"identifier": mei.email, "password": "correct-horse-battery-9"})
    caplog.set_level(logging.DEBUG)
    answer = client.post("/password/check/", {"password": "19900517-kettle"}).json()
    assert any("出生日期" in line for line in answer["unmet"])  # in the customer's language
    assert answer["ok"] is False
    assert 0 <= answer["score"] <= 4
    assert answer["personal_checked"] is True
    assert "19900517-kettle" not in caplog.text
    good = client.post("/password/check/", {"password": NEW_PASSWORD}).json()
    assert good["unmet"] == []
    assert good["ok"] is True
    assert good["score"] >= 3


def test_before_the_code_the_check_says_nothing_about_the_account(
    mei: Customer, client: Client, run_tasks: Any
) -> None:
    with run_tasks():
        forgot(client, mei.email or "")
    answer = client.post("/password/check/", {"password": "19900517-kettle-ocean-lamp"}).json()
    assert answer["personal_checked"] is False
    assert not any("birth" in line for line in answer["unmet"])
    # Once the code was accepted, the account's own data counts.
    code = last_code(mei.email or "")
    client.post("/password/reset/", {"code": code, "password1": "short", "password2": "short"})
    answer = client.post(
        "/password/check/", {"password": "19900517-kettle-ocean-lamp"}, HTTP_ACCEPT_LANGUAGE="en"
    ).json()
    assert answer["personal_checked"] is True
    assert any("date of birth" in line for line in answer["unmet"])


def test_the_check_needs_a_sign_in_or_a_challenge_and_csrf(mei: Customer) -> None:
    assert Client().post("/password/check/", {"password": "x"}).status_code == 403
    strict = Client(enforce_csrf_checks=True)
    strict.post("/login/", {"identifier": mei.email, "password": "correct-horse-battery-9"})
    assert strict.post("/password/check/", {"password": "x"}).status_code == 403


def test_the_check_is_rate_limited(mei: Customer, client: Client) -> None:
    client.post("/login/", {"identifier": mei.email, "password": "correct-horse-battery-9"})
    statuses = {
        client.post("/password/check/", {"password": "abc"}).status_code for _ in range(121)
    }
    assert statuses == {200, 429}


def test_the_birthday_in_a_demo_seed_is_kept(db: None) -> None:
    from walletdesk.demo.people import IDENTITY_FACTS

    birth, suffix = IDENTITY_FACTS["demo"]
    assert dt.date.fromisoformat(birth).year == 1990
    assert len(suffix) <= 6
