"""Structured intake and transaction diagnosis: ask what the team needs, find the transaction,
explain what happened before a person is needed.

- `definitions` — per problem type, the fields the team needs, as data (forms, chat steps,
  email templates and the phone menu are all drawn from them).
- `answers` — validation of what a customer gave into typed values (`intake_validate`).
- `questions` — a definition as a list of questions for step-by-step channels.
- `matching` — the customer's memory of a transaction → ranked candidates with reasons.
- `diagnosis` — ordered checks over the wallet's facts → a cause, an outcome and its words.
- `handover` — a diagnosis a person must finish becomes a ticket that already holds it.
"""
