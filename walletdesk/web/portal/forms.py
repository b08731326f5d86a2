"""Portal forms: they parse and bound what the customer sends; the services decide the rest."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from walletdesk.core.errors import ValidationFailed
from walletdesk.tickets.attachments import MAX_FILES_PER_MESSAGE, Upload
from walletdesk.tickets.services import MAX_BODY_CHARS

_ACCEPT = ".png,.jpg,.jpeg,.gif,.webp,.pdf,.csv,.txt,image/*,application/pdf,text/csv"


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Zero or more files under one name, each checked only for being a file and its size;
    the ticket service decides from the bytes what it accepts."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": _ACCEPT}))
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile]:
        items = data if isinstance(data, list | tuple) else [data]
        files: list[UploadedFile] = [
            super(MultipleFileField, self).clean(item, initial) for item in items if item
        ]
        if len(files) > MAX_FILES_PER_MESSAGE:
            raise forms.ValidationError(
                gettext("Attach at most %(count)d files to one message.")
                % {"count": MAX_FILES_PER_MESSAGE}
            )
        limit: int = settings.ATTACHMENT_MAX_BYTES
        for upload in files:
            # Refuse before reading: a huge file must not be pulled into memory to be refused.
            if (upload.size or 0) > limit:
                raise forms.ValidationError(
                    gettext("The file %(name)s is larger than %(mb)d MB.")
                    % {"name": upload.name, "mb": limit // (1024 * 1024)}
                )
        return files


def attachments_help() -> str:
    return gettext(
        "Up to %(count)d files: screenshots or photos, PDF or CSV statements, "
        "at most %(mb)d MB each."
    ) % {"count": MAX_FILES_PER_MESSAGE, "mb": settings.ATTACHMENT_MAX_BYTES // (1024 * 1024)}


def uploads_from(files: Sequence[UploadedFile]) -> list[Upload]:
    """What the ticket service takes: the name the customer gave and the bytes."""
    return [Upload(filename=upload.name or "", content=upload.read()) for upload in files]


class LoginForm(forms.Form):
    identifier = forms.CharField(
        label=_("Email or phone number"),
        max_length=254,
        widget=forms.TextInput(attrs={"autocomplete": "username", "autofocus": True}),
    )
    password = forms.CharField(
        label=_("Password"),
        max_length=512,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class AttachmentsForm(forms.Form):
    """Screenshots and statements sent along with an intake: beside the intake's own fields
    (which its definition draws), or when a diagnosed request goes to a person."""

    attachments = MultipleFileField(label=_("Attachments"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["attachments"].help_text = attachments_help()


class ReplyForm(forms.Form):
    body = forms.CharField(
        label=_("Your reply"),
        required=False,  # a reply may be just a file; the ticket service insists on one of them
        max_length=MAX_BODY_CHARS,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    attachments = MultipleFileField(label=_("Attachments"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["attachments"].help_text = attachments_help()


def add_validation_error(form: forms.Form, error: ValidationFailed) -> None:
    """Show a service's refusal on the form: per field where it names one of ours."""
    if error.fields:
        for name, problems in error.fields.items():
            for problem in problems:
                form.add_error(name if name in form.fields else None, problem)
    else:
        form.add_error(None, str(error.message))
