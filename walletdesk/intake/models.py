"""The record of one customer's way through the intake."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from walletdesk.core import clock
from walletdesk.identity.models import Customer
from walletdesk.tickets.models import Ticket
from walletdesk.vocab.choices import Channel, Language, ProblemType


class IntakeRequest(models.Model):
    """What a customer told the intake, the transaction they confirmed, the diagnosis — and the
    ticket, once a person is needed. A request that ends without a ticket is one self-service
    solved (`resolved_at`), which the reports will count.

    Free text in `answers` has been through the safety app's redaction before it is stored.
    """

    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="intake_requests")
    channel = models.CharField(max_length=16, choices=Channel.choices, default=Channel.PORTAL)
    problem_type = models.CharField(max_length=32, choices=ProblemType.choices)
    language = models.CharField(max_length=8, choices=Language.choices, default=Language.ZH_HANS)
    answers = models.JSONField(default=dict, blank=True)  # IntakeAnswers.as_json()
    transaction_ref = models.CharField(max_length=64, blank=True)
    diagnosis = models.JSONField(null=True, blank=True)  # Diagnosis.as_json()
    outcome = models.CharField(max_length=16, blank=True)
    cause = models.CharField(max_length=40, blank=True)
    # Several requests can end on one ticket: a second stolen-wallet report joins the open one.
    ticket = models.ForeignKey(
        Ticket, null=True, blank=True, on_delete=models.PROTECT, related_name="intake_requests"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    # The channel's one-time token for the form that started it: the same form sent twice (a
    # double tap whose second request ran before the first was remembered) finds this row.
    submission_key = models.CharField(max_length=64, blank=True, default="")
    created_at = models.DateTimeField(default=clock.now)
    updated_at = models.DateTimeField(default=clock.now)

    class Meta:
        verbose_name = _("intake request")
        verbose_name_plural = _("intake requests")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["customer", "-created_at"], name="intake_customer_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["customer", "submission_key"],
                condition=~models.Q(submission_key=""),
                name="intake_one_request_per_submission",
            )
        ]

    def __str__(self) -> str:
        return f"{self.problem_type} #{self.pk}"
