"""The articles kept in the repository, read from `content/`.

Each article is two files, `<slug>.zh-hans.md` and `<slug>.en.md`. A file opens with a front
matter between two `---` lines, one `key: value` a line:

    ---
    title: 充值未到账怎么办
    summary: 钱已扣但余额没变时，先看这几点。
    category: money            (shared; written in either file, both must agree)
    tags: topup_not_credited   (problem-type codes, comma-separated; shared)
    related: failed-transaction, crypto-deposits   (slugs; shared)
    position: 10               (order inside the category; shared, optional)
    ---

and the Markdown body follows. The categories are listed below, in both languages.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from walletdesk.vocab.choices import Language, ProblemType

CONTENT_DIR = Path(__file__).with_name("content")
SHARED_KEYS = ("category", "tags", "related", "position")
LANGUAGES = (Language.ZH_HANS.value, Language.EN.value)


@dataclass(frozen=True)
class CategoryText:
    slug: str
    name_zh_hans: str
    name_en: str
    description_zh_hans: str
    description_en: str


CATEGORIES = (
    CategoryText(
        "contact-us", "联系客服", "Contacting us",
        "渠道、服务时间，以及怎样把问题一次说清楚。",
        "Our channels, their hours, and how to explain a problem in one go.",
    ),
    CategoryText(
        "security", "账户安全", "Account security",
        "钱包被盗、密码、两步验证和防骗。",
        "Stolen wallets, passwords, two-step verification and scams.",
    ),
    CategoryText(
        "money", "充值、付款与提现", "Top-ups, payments and withdrawals",
        "交易失败、充值未到账、银行卡和商户退款。",
        "Failed transactions, missing top-ups, cards and merchant refunds.",
    ),
    CategoryText(
        "crypto", "数字资产", "Digital assets",
        "USDT 和 BTC 的充币网络、备注和确认数。",
        "Networks, memos and confirmations for USDT and BTC deposits.",
    ),
    CategoryText(
        "account", "账户与限额", "Your account and limits",
        "实名认证、冻结与解冻、手续费和限额。",
        "Identity verification, freezing and unfreezing, fees and limits.",
    ),
)  # fmt: skip


class ContentError(ValueError):
    """A content file that cannot be loaded; the message names the file and the problem."""


@dataclass(frozen=True)
class VersionText:
    language: str
    title: str
    summary: str
    body: str


@dataclass(frozen=True)
class ArticleText:
    slug: str
    category: str
    tags: tuple[str, ...]
    related: tuple[str, ...]
    position: int
    versions: tuple[VersionText, ...]
    digest: str


def _split(path: Path) -> tuple[dict[str, str], str]:
    text = path.read_text(encoding="utf-8")
    if not text.startswith("---\n"):
        raise ContentError(f"{path.name}: no front matter")
    head, sep, body = text[4:].partition("\n---\n")
    if not sep:
        raise ContentError(f"{path.name}: the front matter is not closed")
    meta: dict[str, str] = {}
    for line in head.splitlines():
        key, colon, value = line.partition(":")
        if not colon:
            raise ContentError(f"{path.name}: not a `key: value` line: {line!r}")
        meta[key.strip()] = value.strip()
    return meta, body.strip() + "\n"


def _items(value: str) -> tuple[str, ...]:
    return tuple(item.strip() for item in value.split(",") if item.strip())


def read_article(slug: str, directory: Path = CONTENT_DIR) -> ArticleText:
    shared: dict[str, str] = {}
    versions: list[VersionText] = []
    digest = hashlib.sha256()
    for language in LANGUAGES:
        path = directory / f"{slug}.{language}.md"
        if not path.exists():
            continue
        digest.update(path.read_bytes())
        meta, body = _split(path)
        for key in SHARED_KEYS:
            if key in meta and shared.setdefault(key, meta[key]) != meta[key]:
                raise ContentError(f"{path.name}: {key} differs from the other language")
        if not meta.get("title") or not meta.get("summary"):
            raise ContentError(f"{path.name}: title and summary are required")
        versions.append(VersionText(language, meta["title"], meta["summary"], body))
    tags = _items(shared.get("tags", ""))
    unknown = set(tags) - set(ProblemType.values)
    if unknown:
        raise ContentError(f"{slug}: unknown problem types {sorted(unknown)}")
    return ArticleText(
        slug=slug,
        category=shared.get("category", ""),
        tags=tags,
        related=_items(shared.get("related", "")),
        position=int(shared.get("position", "0")),
        versions=tuple(versions),
        digest=digest.hexdigest(),
    )


def article_slugs(directory: Path = CONTENT_DIR) -> list[str]:
    return sorted({path.name.split(".", 1)[0] for path in directory.glob("*.md")})


def read_all(directory: Path = CONTENT_DIR) -> list[ArticleText]:
    return [read_article(slug, directory) for slug in article_slugs(directory)]
