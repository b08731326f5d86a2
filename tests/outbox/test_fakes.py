"""The fakes `make run` uses are readable files, one per delivery: sending a delivery again
replaces its file, which is what makes "exactly once after a crash" true for them."""

from __future__ import annotations

import stat
from email import message_from_bytes

import pytest
from django.core.mail import EmailMessage

from walletdesk.outbox.contracts import Delivery
from walletdesk.outbox.transports import TransportError, transport_for
from walletdesk.outbox.transports.files import file_name


def delivery(channel: str, **fields) -> Delivery:
    defaults = {
        "id": 1,
        "key": "ticket-reply-7",
        "channel": channel,
        "recipient": "+8613800138000",
        "subject": "",
        "body": "您的充值已到账。",
        "headers": {},
        "attempt": 1,
        "source_message_id": 7,
    }
    return Delivery(**{**defaults, **fields})


@pytest.mark.parametrize("channel", ["sms", "telegram", "wechat", "whatsapp", "messenger"])
def test_sending_twice_leaves_one_readable_private_file(channel, outbox_dir):
    transport = transport_for(channel)
    first = transport.send(delivery(channel))
    again = transport.send(delivery(channel, attempt=2))
    assert first == again
    files = list((outbox_dir / channel).iterdir())
    assert [path.name for path in files] == ["ticket-reply-7.txt"]
    assert files[0].read_text() == "To: +8613800138000\n\n您的充值已到账。\n"
    assert stat.S_IMODE(files[0].stat().st_mode) == 0o600
    assert stat.S_IMODE((outbox_dir / channel).stat().st_mode) == 0o700


@pytest.mark.parametrize("channel", ["sms", "email", "chat", "telegram"])
@pytest.mark.django_db
def test_a_delivery_without_an_address_fails_for_good(channel):
    with pytest.raises(TransportError) as failure:
        transport_for(channel).send(delivery(channel, recipient=" "))
    assert failure.value.permanent


@pytest.mark.django_db
def test_a_chat_delivery_whose_message_is_no_entry_of_a_live_chat_is_refused():
    # Message 7 of the test delivery exists nowhere: no entry, nothing reached a widget.
    with pytest.raises(TransportError) as failure:
        transport_for("chat").send(delivery("chat", recipient="chat:abc"))
    assert failure.value.permanent


def test_an_unknown_channel_has_no_transport():
    with pytest.raises(TransportError) as failure:
        transport_for("pigeon")
    assert failure.value.permanent


def test_a_transport_that_cannot_be_imported_is_retried_later(settings):
    settings.OUTBOX_TRANSPORTS = {"sms": "nowhere.SmsTransport"}
    with pytest.raises(TransportError) as failure:
        transport_for("sms")
    assert not failure.value.permanent


def test_keys_never_become_paths():
    assert file_name("ticket-reply-7") == "ticket-reply-7"
    assert "/" not in file_name("../../etc/passwd")
    assert file_name("../../etc/passwd") != file_name("..%2F..%2Fetc%2Fpasswd")


def test_the_embedded_mail_backend_writes_one_eml_per_message_id(settings, tmp_path):
    settings.EMAIL_BACKEND = "walletdesk.outbox.mailfiles.EmailFileBackend"
    settings.EMAIL_FILE_PATH = str(tmp_path / "email")
    headers = {"Message-ID": "<abc123@walletdesk.example>", "Auto-Submitted": "no"}
    for _attempt in range(2):
        EmailMessage("您的咨询", "已到账。", None, ["x@example.com"], headers=headers).send()
    files = list((tmp_path / "email").iterdir())
    assert [path.name for path in files] == ["abc123@walletdesk.example.eml"]
    parsed = message_from_bytes(files[0].read_bytes())
    assert parsed["Message-ID"] == "<abc123@walletdesk.example>"
    assert parsed["To"] == "x@example.com"
    assert "已到账。" in files[0].read_text()  # readable as it is, not base64
    assert stat.S_IMODE(files[0].stat().st_mode) == 0o600
