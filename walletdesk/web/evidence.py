"""What the portal's and the console's evidence downloads share: the period form and the
ZIP response. The rules of a period live in the security service; the form only parses."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.http import HttpResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from walletdesk.core.errors import ValidationFailed
from walletdesk.security.evidence.contracts import EvidenceBundle, Period
from walletdesk.security.evidence.services import (
    evidence_default_period,
    evidence_period,
    today_in_beijing,
)


class PeriodForm(forms.Form):
    period_start = forms.DateField(
        label=pgettext_lazy("evidence", "First day"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d"],
        error_messages={
            "required": _("Choose the first day."),
            "invalid": _("Enter a date like 2026-03-01."),
        },
    )
    period_end = forms.DateField(
        label=pgettext_lazy("evidence", "Last day"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d"],
        error_messages={
            "required": _("Choose the last day."),
            "invalid": _("Enter a date like 2026-03-01."),
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        today = today_in_beijing()
        earliest = today - dt.timedelta(days=365 * 5)
        for field in (self.fields["period_start"], self.fields["period_end"]):
            field.widget.attrs.update({"max": today.isoformat(), "min": earliest.isoformat()})
        if not self.is_bound:
            default = evidence_default_period()
            self.initial = {"period_start": default.start, "period_end": default.end}

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("period_start"), cleaned.get("period_end")
        if isinstance(start, dt.date) and isinstance(end, dt.date):
            try:
                cleaned["period"] = evidence_period(start=start, end=end)
            except ValidationFailed as error:
                for field, messages in error.fields.items():
                    for message in messages:
                        self.add_error(field, message)
        return cleaned

    @property
    def period(self) -> Period:
        period: Period = self.cleaned_data["period"]
        return period


def zip_response(bundle: EvidenceBundle) -> HttpResponse:
    """The ZIP as a download nobody caches; its digest in a header for whoever checks."""
    response = HttpResponse(bundle.content, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{bundle.filename}"'
    response["Cache-Control"] = "no-store"
    response["X-Evidence-SHA256"] = bundle.sha256
    return response
