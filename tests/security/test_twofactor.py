"""Two-step verification: clock drift, replay, backup codes, brute force, notices."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

import pytest

from walletdesk.core import clock
from walletdesk.core.ratelimit import RateLimited
from walletdesk.identity.models import Customer
from walletdesk.outbox.models import OutboundMessage
from walletdesk.security import totp
from walletdesk.security.contracts import Client
from walletdesk.security.models import (
    AuthenticatorDevice,
    BackupCode,
    CodePurpose,
    SecurityEvent,
    SecurityEventKind,
)
from walletdesk.security.twofactor import (
    SecondFactorInvalid,
    TwoFactorState,
    backup_codes_regenerate,
    second_factor_check,
    second_factor_code_send,
    second_factor_mode,
    totp_enrol_begin,
    totp_enrol_confirm,
    two_factor_disable,
    two_factor_enabled,
)

pytestmark = pytest.mark.django_db
CLIENT = Client(ip="203.0.113.7", user_agent="Mozilla/5.0 (Linux; Android 14) Chrome/120")
T0 = dt.datetime(2026, 3, 2, 9, 0, 15, tzinfo=dt.UTC)  # mid-step: ±15 s stays in the step
STEP = dt.timedelta(seconds=totp.STEP_SECONDS)


@pytest.fixture
def customer(make_customer: Callable[..., Customer]) -> Customer:
    return make_customer(email="mei@example.com", phone="+8613800138000", language="en")


@pytest.fixture(autouse=True)
def _undelivered(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("walletdesk.outbox.services.enqueue_on_commit", lambda *a, **k: None)


def _secret(customer: Customer) -> bytes:
    return totp.unseal(AuthenticatorDevice.objects.get(customer=customer).secret_sealed)


def _code(customer: Customer, at: dt.datetime) -> str:
    return totp.totp_code_at(_secret(customer), at.timestamp())


def _enrolled(customer: Customer) -> list[str]:
    """Turn on the authenticator at T0 - 1 min (so T0's codes are still unused)."""
    earlier = T0 - 2 * STEP
    with clock.frozen_at(earlier):
        totp_enrol_begin(customer=customer)
        return totp_enrol_confirm(customer=customer, code=_code(customer, earlier), client=CLIENT)


def _check(customer: Customer, code: str, **kw: object) -> str:
    return second_factor_check(customer=customer, code=code, client=CLIENT, **kw)  # type: ignore[arg-type]


def test_enrolment_shows_a_local_qr_code_and_keeps_the_secret_sealed(customer: Customer) -> None:
    enrolment = totp_enrol_begin(customer=customer)
    assert enrolment.qr_svg.startswith("<svg")
    assert "http" not in enrolment.qr_svg.replace("http://www.w3.org", "")
    assert enrolment.uri.startswith("otpauth://totp/WalletDesk:")
    assert "issuer=WalletDesk" in enrolment.uri
    device = AuthenticatorDevice.objects.get(customer=customer)
    plain = enrolment.secret_text.replace(" ", "")
    assert plain not in device.secret_sealed
    assert not device.confirmed
    assert not two_factor_enabled(customer)
    # Until it is confirmed the same secret is shown again; afterwards never.
    assert totp_enrol_begin(customer=customer).secret_text == enrolment.secret_text
    with clock.frozen_at(T0):
        totp_enrol_confirm(customer=customer, code=_code(customer, T0), client=CLIENT)
    assert two_factor_enabled(customer)
    with pytest.raises(TwoFactorState):
        totp_enrol_begin(customer=customer)


def test_a_wrong_code_does_not_confirm_enrolment(customer: Customer) -> None:
    totp_enrol_begin(customer=customer)
    wrong = f"{(int(_code(customer, T0)) + 1) % 1_000_000:06d}"
    with clock.frozen_at(T0), pytest.raises(SecondFactorInvalid):
        totp_enrol_confirm(customer=customer, code=wrong, client=CLIENT)
    assert not two_factor_enabled(customer)


@pytest.mark.parametrize("offset", [-1, 0, 1])
def test_one_step_of_clock_drift_either_way_is_accepted(customer: Customer, offset: int) -> None:
    _enrolled(customer)
    with clock.frozen_at(T0):
        assert _check(customer, _code(customer, T0 + offset * STEP)) == "totp"


@pytest.mark.parametrize("offset", [-2, 2, 3])
def test_two_steps_of_drift_are_refused(customer: Customer, offset: int) -> None:
    _enrolled(customer)
    with clock.frozen_at(T0), pytest.raises(SecondFactorInvalid):
        _check(customer, _code(customer, T0 + offset * STEP))


def test_the_same_code_never_works_twice(customer: Customer) -> None:
    _enrolled(customer)
    with clock.frozen_at(T0):
        code = _code(customer, T0)
        assert _check(customer, code) == "totp"
        with pytest.raises(SecondFactorInvalid):
            _check(customer, code)
        # Nor does the code of the step before, although it is within the drift.
        with pytest.raises(SecondFactorInvalid):
            _check(customer, _code(customer, T0 - STEP))
    # The next step's code works as time moves on.
    with clock.frozen_at(T0 + STEP):
        assert _check(customer, _code(customer, T0 + STEP)) == "totp"


def test_backup_codes_are_hashed_and_single_use(customer: Customer) -> None:
    codes = _enrolled(customer)
    assert len(codes) == 10
    assert len(set(codes)) == 10
    stored = list(BackupCode.objects.filter(customer=customer).values_list("digest", flat=True))
    assert not any(code.replace("-", "") in digest for code in codes for digest in stored)
    assert _check(customer, codes[0].upper()) == "backup_code"  # case and dash do not matter
    with pytest.raises(SecondFactorInvalid):
        _check(customer, codes[0])
    assert _check(customer, codes[1].replace("-", "")) == "backup_code"


def test_new_backup_codes_replace_the_old_ones_and_are_announced(customer: Customer) -> None:
    old = _enrolled(customer)
    OutboundMessage.objects.all().delete()
    new = backup_codes_regenerate(customer=customer, client=CLIENT)
    assert set(new).isdisjoint(old)
    with pytest.raises(SecondFactorInvalid):
        _check(customer, old[2])
    assert _check(customer, new[2]) == "backup_code"
    assert set(OutboundMessage.objects.values_list("channel", flat=True)) == {"email", "sms"}
    assert (
        SecurityEvent.objects.filter(
            customer=customer, kind=SecurityEventKind.BACKUP_CODES_CREATED
        ).count()
        == 2
    )  # at enrolment and now


def test_turning_off_is_recorded_and_announced_on_every_channel(customer: Customer) -> None:
    _enrolled(customer)
    OutboundMessage.objects.all().delete()
    two_factor_disable(customer=customer, client=CLIENT)
    assert not two_factor_enabled(customer)
    assert not BackupCode.objects.filter(customer=customer).exists()
    assert second_factor_mode(customer) == ""
    sent = {row.channel: row for row in OutboundMessage.objects.all()}
    assert set(sent) == {"email", "sms"}
    assert "turned off" in sent["email"].body
    kinds = set(SecurityEvent.objects.filter(customer=customer).values_list("kind", flat=True))
    assert {SecurityEventKind.TWO_FACTOR_ENABLED, SecurityEventKind.TWO_FACTOR_DISABLED} <= kinds


def test_guessing_locks_the_client_and_then_the_account(
    customer: Customer, make_customer: Callable[..., Customer]
) -> None:
    _enrolled(customer)
    with clock.frozen_at(T0):
        right = _code(customer, T0)
        for _ in range(5):
            with pytest.raises(SecondFactorInvalid):
                _check(customer, "000000" if right != "000000" else "111111")
        # Locked for this client: even the right code is refused now.
        with pytest.raises(RateLimited):
            _check(customer, right)
        # Other clients guess until the account's ceiling (20 an hour, enrolment's code included).
        for n in range(14):
            other = Client(ip=f"198.51.100.{n}")
            with pytest.raises(SecondFactorInvalid):
                second_factor_check(customer=customer, code="123-456x", client=other)
        with pytest.raises(RateLimited):
            second_factor_check(customer=customer, code=right, client=Client(ip="192.0.2.99"))
    # Another account is not affected.
    someone = make_customer()
    with pytest.raises(SecondFactorInvalid):
        second_factor_check(customer=someone, code="123456", client=CLIENT)


def test_a_code_by_sms_is_a_second_factor_too(customer: Customer) -> None:
    _enrolled(customer)
    OutboundMessage.objects.all().delete()
    challenge = second_factor_code_send(customer=customer, client=CLIENT, channel="sms")
    row = OutboundMessage.objects.get()
    assert row.channel == "sms"
    assert row.sensitive
    code = re.search(r"\b(\d{6})\b", row.body)
    assert code is not None
    with pytest.raises(SecondFactorInvalid):  # without the challenge it is just a wrong TOTP
        _check(customer, code.group(1))
    assert _check(customer, code.group(1), challenge=challenge.token) == "sms"
    with pytest.raises(SecondFactorInvalid):
        _check(customer, code.group(1), challenge=challenge.token)


def test_a_code_sent_for_another_purpose_is_not_a_second_factor(customer: Customer) -> None:
    challenge = second_factor_code_send(
        customer=customer, client=CLIENT, channel="email", purpose=CodePurpose.STEP_UP
    )
    code = re.search(r"\b(\d{6})\b", OutboundMessage.objects.get().body)
    assert code is not None
    with pytest.raises(SecondFactorInvalid):
        _check(customer, code.group(1), challenge=challenge.token, allow_totp=False)


def test_the_secret_is_never_in_the_audit_trail_or_events(customer: Customer) -> None:
    from walletdesk.audit.models import AuditEntry

    enrolment = totp_enrol_begin(customer=customer)
    secret = enrolment.secret_text.replace(" ", "")
    with clock.frozen_at(T0):
        codes = totp_enrol_confirm(customer=customer, code=_code(customer, T0), client=CLIENT)
    texts = [str(e.data) for e in SecurityEvent.objects.all()]
    texts += [str(a.data) for a in AuditEntry.objects.all()]
    texts += [r.body for r in OutboundMessage.objects.all()]
    assert not any(secret in t for t in texts)
    assert not any(code in t for t in texts for code in codes)
