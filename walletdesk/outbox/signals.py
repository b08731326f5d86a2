"""Told after an outbound message's state changed and was saved (sent, retrying, failed).

The outbox knows nothing of the apps above it; they listen here (tickets refreshes the console
thread that shows the state). Sent with `send_robust`: a listener's failure never undoes a
delivery's record."""

from __future__ import annotations

from django.dispatch import Signal

# Keyword arguments: outbound_id (int), source_message_id (int | None), state (str).
delivery_changed = Signal()
