"""Every place a password is set runs Django's validators and the zxcvbn strength score."""

from __future__ import annotations

import pytest
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from tests.conftest import PASSWORD
from walletdesk.core.errors import ValidationFailed
from walletdesk.demo.people import CONSOLE_USERS, CUSTOMERS, DEMO_CUSTOMER_PASSWORD
from walletdesk.identity.models import Customer, User
from walletdesk.identity.passwords import ZxcvbnValidator, user_inputs
from walletdesk.identity.services import (
    console_user_create,
    console_user_set_password,
    customer_create,
    customer_set_password,
)

pytestmark = pytest.mark.django_db

WEAK = ["password123", "12345678901", "qwertyuiop", "short-1", "aaaaaaaaaaaa"]


def test_the_zxcvbn_validator_is_configured() -> None:
    validators = password_validation.get_default_password_validators()
    strength = [v for v in validators if isinstance(v, ZxcvbnValidator)]
    assert [v.min_score for v in strength] == [3]


@pytest.mark.parametrize("weak", WEAK)
def test_console_user_create_refuses_weak_passwords(weak: str) -> None:
    with pytest.raises(ValidationFailed) as caught:
        console_user_create(username="newagent", password=weak, role="agent")
    assert caught.value.fields["password"]
    assert not User.objects.filter(username="newagent").exists()


@pytest.mark.parametrize("weak", WEAK)
def test_customer_create_refuses_weak_passwords(weak: str) -> None:
    with pytest.raises(ValidationFailed):
        customer_create(display_name="Ann", email="ann@example.com", password=weak)
    assert not Customer.objects.exists()


def test_a_password_made_of_the_customers_own_details_is_refused() -> None:
    # Strong-looking to zxcvbn alone, but built from what anyone who knows her would try.
    password = "wilhelmina-zoltowska-13907311"
    ZxcvbnValidator().validate(password)  # no user: strong enough
    with pytest.raises(ValidationFailed):
        customer_create(
            display_name="Wilhelmina Zoltowska",
            email="wilhelmina.zoltowska@example.com",
            phone="+8613907311234",
            password=password,
        )


def test_user_details_lower_the_score() -> None:
    person = User(username="guinevere", first_name="Guinevere", last_name="Pendragon")
    inputs = user_inputs(person)
    assert {"guinevere", "Guinevere", "Pendragon"} <= set(inputs)
    with pytest.raises(ValidationError) as caught:
        ZxcvbnValidator().validate("GuinevereP3ndragon", person)
    assert caught.value.code == "password_too_guessable"
    ZxcvbnValidator().validate("GuinevereP3ndragon")  # about nobody: passes


def test_phone_digits_count_as_known() -> None:
    customer = Customer(display_name="Li", phone="+8613800138000")
    assert {"8613800138000", "38000", "8000"} & set(user_inputs(customer))


def test_setting_a_password_is_validated(customer: Customer, agent: User) -> None:
    with pytest.raises(ValidationFailed):
        customer_set_password(customer=customer, password="password1")
    with pytest.raises(ValidationFailed):
        console_user_set_password(user=agent, password="agent12345")
    customer.refresh_from_db()
    agent.refresh_from_db()
    assert customer.check_password(PASSWORD)
    assert agent.check_password(PASSWORD)


def test_the_suites_password_passes_every_validator(agent: User, customer: Customer) -> None:
    password_validation.validate_password(PASSWORD, agent)
    password_validation.validate_password(PASSWORD, customer)


def test_every_demo_password_passes_for_its_owner() -> None:
    for demo in CONSOLE_USERS:
        person = User(username=demo.username, first_name=demo.first_name, last_name=demo.last_name)
        password_validation.validate_password(demo.password, person)
    for demo_customer in CUSTOMERS:
        owner = Customer(
            display_name=demo_customer.name, email=demo_customer.email, phone=demo_customer.phone
        )
        password_validation.validate_password(DEMO_CUSTOMER_PASSWORD, owner)


def test_the_admin_refuses_a_weak_password_for_a_new_user(make_user) -> None:
    admin = Client()
    admin.force_login(make_user("admin", ()))
    response = admin.post(
        reverse("admin:identity_user_add"),
        {"username": "weakling", "password1": "password1", "password2": "password1"},
    )
    assert response.status_code == 200  # the form again, with the errors
    assert not User.objects.filter(username="weakling").exists()


def test_the_admin_refuses_a_weak_password_change(make_user, agent: User) -> None:
    admin = Client()
    admin.force_login(make_user("admin", ()))
    response = admin.post(
        reverse("admin:auth_user_password_change", args=[agent.pk]),
        {"password1": "agent12345", "password2": "agent12345", "usable_password": "true"},
    )
    assert response.status_code == 200
    agent.refresh_from_db()
    assert agent.check_password(PASSWORD)
