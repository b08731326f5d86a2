"""Django admin shows the sandbox wallet but cannot move money through the back door."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.test import Client

from tests.wallet.support import cny, customer, key, merchant
from walletdesk.wallet.contracts import MerchantStatus
from walletdesk.wallet.sandbox import corrections, rails
from walletdesk.wallet.sandbox.models import Merchant, Posting, Transaction

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.wallet.admin_urls")]

MODELS = ["account", "book", "posting", "entry", "paymentmethod", "merchant", "transaction"]
READ_ONLY = ["account", "book", "posting", "entry", "transaction"]


@pytest.fixture
def history() -> None:
    """One customer's top-up, payment and refund: three transactions, three postings."""
    who = customer()
    paid = rails.pay(who.ref, cny("30.00"), merchant_ref=merchant().ref, key=key())
    corrections.refund(paid.ref, key=key())


def _any_pk(model: str) -> int:
    row = apps.get_model("wallet", model).objects.order_by("pk").first()
    assert row is not None
    return int(row.pk)


@pytest.mark.usefixtures("history")
@pytest.mark.parametrize("model", MODELS)
def test_changelist_and_detail_pages_render(admin_client: Client, model: str) -> None:
    listing = admin_client.get(f"/admin/wallet/{model}/")
    assert listing.status_code == 200
    detail = admin_client.get(f"/admin/wallet/{model}/{_any_pk(model)}/change/")
    assert detail.status_code == 200


@pytest.mark.usefixtures("history")
@pytest.mark.parametrize("model", READ_ONLY)
def test_the_ledger_cannot_be_edited_added_to_or_deleted(admin_client: Client, model: str) -> None:
    pk = _any_pk(model)
    assert admin_client.get(f"/admin/wallet/{model}/add/").status_code == 403
    assert admin_client.post(f"/admin/wallet/{model}/{pk}/change/", {}).status_code == 403
    assert (
        admin_client.post(f"/admin/wallet/{model}/{pk}/delete/", {"post": "yes"}).status_code == 403
    )
    assert Posting.objects.count() == 3
    assert Transaction.objects.count() == 3


@pytest.mark.usefixtures("history")
def test_merchant_status_is_a_knob_in_admin(admin_client: Client) -> None:
    shop = Merchant.objects.get()
    response = admin_client.post(
        f"/admin/wallet/merchant/{shop.pk}/change/",
        {"name": shop.name, "category": shop.category, "status": MerchantStatus.OUTAGE},
    )
    assert response.status_code == 302
    shop.refresh_from_db()
    assert shop.status == MerchantStatus.OUTAGE
