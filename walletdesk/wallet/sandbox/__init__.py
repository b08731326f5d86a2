"""The sandbox wallet: a real double-entry ledger in WalletDesk's own database.

It is the default `WalletGateway` (demo, tests, `make run`) and the reference implementation the
HTTP gateway is held to. Layout:

- `models`   the tables (ledger books, postings and entries; accounts, payment methods,
             merchants, transactions, deposit addresses)
- `ledger`   the only code that writes entries, and balances as sums of entries
- `policy`   limits, risk rule, networks and issuer answers: what decides each outcome
- `records`  idempotency and transaction bookkeeping shared by the rails
- `rails`    simulated card, bank and merchant rails: top-up, pay, transfer, withdraw
- `corrections`  refund, reverse, and resolve a pending transaction
- `chain`    simulated blockchains: deposits, confirmations, withdrawals
- `seeding`  open accounts, link payment methods, add merchants, turn the sandbox knobs
- `convert`  rows → contracts
- `facts`    the facts behind one transaction, for `diagnose`
- `gateway`  `SandboxWalletGateway`, reading the tables and returning contracts
"""
