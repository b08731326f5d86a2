"""The per-client start limits count an IPv6 client by its /64 (one home or phone holds a whole
/64 and may pick any address in it) and an IPv4-mapped address as its IPv4 one."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.web.chatwidget.conftest import post_start
from walletdesk.chat.limits import STARTS_PER_CLIENT

pytestmark = pytest.mark.django_db

VISITOR = {"mode": "embed", "name": "李雷", "contact": "lilei@example.com"}


def test_addresses_of_one_ipv6_network_share_one_start_limit() -> None:
    client = Client()
    for n in range(STARTS_PER_CLIENT.max_hits):
        address = f"2001:db8:7:9::{n + 1:x}"
        assert post_start(client, VISITOR, REMOTE_ADDR=address).status_code == 201
    refused = post_start(client, VISITOR, REMOTE_ADDR="2001:db8:7:9:ffff::1")
    assert refused.status_code == 429
    assert post_start(client, VISITOR, REMOTE_ADDR="2001:db8:7:a::1").status_code == 201


def test_an_ipv4_mapped_address_counts_as_its_ipv4_one() -> None:
    client = Client()
    for _ in range(STARTS_PER_CLIENT.max_hits):
        assert post_start(client, VISITOR, REMOTE_ADDR="198.51.100.7").status_code == 201
    refused = post_start(client, VISITOR, REMOTE_ADDR="::ffff:198.51.100.7")
    assert refused.status_code == 429
