"""The audit seam: an append-only record of who did what to which account or ticket.

It sits below every domain app (just above `core`), so identity, the wallet, safety and tickets
can all write to it without knowing one another. Entries name their actor and target as opaque
strings ("user:12", "customer:7", "account:acc_…", "system"), never as foreign keys, so an
entry outlives whatever it is about. Rows are only ever added; the tamper-evident hash chain
comes with the audit-log work.
"""
