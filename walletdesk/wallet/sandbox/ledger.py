"""The only code that writes ledger entries, and the only definition of a balance.

Every movement of money is one `Posting` whose entries sum to zero per asset; the sum over all
books of an asset is therefore always zero, and a customer's balance is just the sum of their
book's entries. `post` also refuses to leave any customer book below zero, as a last line of
defence behind the rails' own balance checks.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence

from django.db import transaction
from django.db.models import Sum
from django.db.models.functions import Coalesce

from walletdesk.core import clock
from walletdesk.wallet.contracts import Asset
from walletdesk.wallet.sandbox.models import Account, Book, Entry, Posting, Transaction

# Book codes. A customer owns a "wallet" book (spendable balance) and a "held" book (money
# reserved for a pending outgoing transaction) per asset; the rest are system books.
WALLET = "wallet"
HELD = "held"
CARD_RAILS = "rails:card"
BANK_RAILS = "rails:bank"


def chain_code(network: str) -> str:
    return f"chain:{network}"


def merchant_code(merchant_ref: str) -> str:
    return f"merchant:{merchant_ref}"


class Overdraft(Exception):
    """A posting would have left a customer book negative; nothing was written."""


class Unbalanced(ValueError):
    """A posting whose entries do not sum to zero per asset: a programming error."""


def customer_book(account: Account, asset: Asset, code: str = WALLET) -> Book:
    book, _created = Book.objects.get_or_create(owner=account, code=code, asset=asset)
    return book


def system_book(code: str, asset: Asset) -> Book:
    book, _created = Book.objects.get_or_create(owner=None, code=code, asset=asset)
    return book


def balance(book: Book) -> int:
    total: int = book.entries.aggregate(total=Coalesce(Sum("amount_minor"), 0))["total"]
    return total


def available(account: Account, asset: Asset) -> int:
    """The spendable balance: the sum of the entries of the account's wallet book."""
    total: int = Entry.objects.filter(
        book__owner=account, book__code=WALLET, book__asset=asset
    ).aggregate(total=Coalesce(Sum("amount_minor"), 0))["total"]
    return total


def post(
    *,
    key: str,
    memo: str,
    legs: Sequence[tuple[Book, int]],
    transactions: Iterable[Transaction] = (),
) -> Posting:
    """Write one balanced posting and link it to the transactions it serves.

    `key` is unique across the ledger, so a step that already happened (the same key) raises an
    IntegrityError instead of moving money twice. Callers derive keys from the transaction ref
    and the step ("tx_…:settle"), which makes every step idempotent at the database level.
    """
    legs = [(book, amount) for book, amount in legs if amount != 0]
    sums: dict[str, int] = defaultdict(int)
    for book, amount in legs:
        sums[book.asset] += amount
    if not legs or any(sums.values()):
        raise Unbalanced(f"posting {key!r} does not balance: {dict(sums)}")

    with transaction.atomic():
        posting = Posting.objects.create(idempotency_key=key, memo=memo, created_at=clock.now())
        Entry.objects.bulk_create(
            Entry(posting=posting, book=book, amount_minor=amount) for book, amount in legs
        )
        debited = [book for book, amount in legs if amount < 0 and book.owner_id is not None]
        if debited and _any_negative(debited):
            raise Overdraft(key)  # rolls back the savepoint: the posting never existed
        for tx in transactions:
            tx.postings.add(posting)
    return posting


def move(
    *,
    key: str,
    memo: str,
    source: Book,
    destination: Book,
    amount_minor: int,
    transactions: Iterable[Transaction] = (),
) -> Posting:
    """The common two-legged posting: `amount_minor` from `source` to `destination`."""
    if source.asset != destination.asset:
        raise Unbalanced(f"cannot move {source.asset} into a {destination.asset} book")
    if amount_minor <= 0:
        raise Unbalanced(f"posting {key!r} must move a positive amount")
    return post(
        key=key,
        memo=memo,
        legs=[(source, -amount_minor), (destination, amount_minor)],
        transactions=transactions,
    )


def reversal_legs(postings: Iterable[Posting]) -> list[tuple[Book, int]]:
    """The legs that undo `postings`, netted per book (a hold and its settlement cancel out)."""
    net: dict[int, int] = defaultdict(int)
    books: dict[int, Book] = {}
    for entry in Entry.objects.filter(posting__in=list(postings)).select_related("book"):
        net[entry.book_id] -= entry.amount_minor
        books[entry.book_id] = entry.book
    return [(books[book_id], amount) for book_id, amount in sorted(net.items()) if amount]


def _any_negative(books: Iterable[Book]) -> bool:
    totals = (
        Entry.objects.filter(book__in=[book.pk for book in books])
        .values("book")
        .annotate(total=Sum("amount_minor"))
        .filter(total__lt=0)
    )
    return totals.exists()
