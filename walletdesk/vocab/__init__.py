"""The shared vocabularies: channels, problem types, priorities and languages.

They sit just above `core`, below every domain app, so identity, tickets and the apps still to
come (routing, intake, the assistant) speak the same codes without importing one another.
Codes are stable: integrators, reports and the IVR menu rely on them. Never rename one.
"""

from walletdesk.vocab.choices import MONEY_PROBLEMS, Channel, Language, Priority, ProblemType

__all__ = ["MONEY_PROBLEMS", "Channel", "Language", "Priority", "ProblemType"]
