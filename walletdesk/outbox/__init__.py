"""The outbox: every message that leaves WalletDesk, with its delivery state.

A row in `OutboundMessage` is the record of a delivery; a task is only a trigger. Callers (the
tickets app) enqueue inside their own transaction; a task sends on commit, retries with backoff
after a transient failure, and a periodic sweep re-sends whatever a crash interrupted. The outbox
knows nothing of tickets: it delivers an envelope to an address on a channel, and remembers which
message (`source_message_id`) the envelope came from.

Ways in and out: `services.py` (enqueue, deliver, sweep), `selectors.py` (delivery states for
many messages in one query), `contracts.py` (what crosses the border), `transports/` (one
`Transport` per outbound channel, chosen from a registry).
"""
