"""API tokens: long random keys for integrators and agents' scripts.

Only a SHA-256 digest of each key is stored. The full key is shown once, when it is made, and
can never be shown again; a lost key is revoked and replaced.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from walletdesk.core import clock


class ApiToken(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(max_length=100, help_text=_("What the token is for."))
    prefix = models.CharField(
        max_length=8, help_text=_("The first characters of the key, to recognise it.")
    )
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=clock.now)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    # The user's session epoch when the token was issued; the token stops working when the
    # epoch moves on (identity.sessions.sessions_revoke ends every session and token).
    user_epoch = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.name})"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None or self.user_epoch != self.user.session_epoch
