"""The look-alike checks, one per kind of value. Each answers the official channel a value
imitates and why (reason codes), or nothing. They run only after the exact match failed."""

from __future__ import annotations

from difflib import SequenceMatcher

from walletdesk.safety.verify.confusables import damerau_distance, scripts, skeleton
from walletdesk.safety.verify.registry import OfficialRef, Registry
from walletdesk.safety.verify.values import Parsed

# Words a fake support address adds to our name (compared by skeleton, as the names are).
EXTRA_WORDS = (
    "support",
    "help",
    "helpdesk",
    "helpline",
    "service",
    "services",
    "care",
    "customer",
    "kefu",
    "客服",
    "官方",
    "客服中心",
    "中心",
    "热线",
    "official",
    "team",
    "online",
    "center",
    "centre",
    "app",
    "login",
    "signin",
    "verify",
    "verification",
    "secure",
    "security",
    "account",
    "accounts",
    "refund",
    "cn",
    "china",
    "hk",
    "vip",
    "24h",
    "24",
    "hotline",
)
_WORD_SKELETONS = sorted({skeleton(word) for word in EXTRA_WORDS}, key=len, reverse=True)
# Labels that end a host name like a country or generic suffix does ("walletdesk.com.cn").
_SUFFIX_LABELS = {"com", "net", "org", "cn", "co", "uk", "hk", "tw", "gov", "edu", "ltd"}
_SEPARATORS = str.maketrans("", "", " -_.·")

# One letter off a name shorter than this is too likely to be somebody else's own name.
MIN_TYPO_CHARS = 5

Finding = tuple[OfficialRef, tuple[str, ...]]


def _only_words(text: str) -> bool:
    """Whether `text` is made of extra words alone (and is not empty)."""
    if not text:
        return False
    reachable = [True] + [False] * len(text)
    for start in range(len(text)):
        if not reachable[start]:
            continue
        for word in _WORD_SKELETONS:
            if text.startswith(word, start):
                reachable[start + len(word)] = True
    return reachable[-1]


def _strip_words(text: str) -> str:
    """`text` with extra words taken off either end, as long as something is left."""
    changed = True
    while changed:
        changed = False
        for word in _WORD_SKELETONS:
            if text.startswith(word) and len(text) > len(word):
                text, changed = text[len(word) :], True
            if text.endswith(word) and len(text) > len(word):
                text, changed = text[: -len(word)], True
    return text


def name_reasons(candidate: str, official: str) -> tuple[str, ...]:
    """Why the name `candidate` (a domain label, a handle, an account name) passes for the
    official `official`; () when it does not."""
    if candidate == official:
        return ()
    plain = candidate.translate(_SEPARATORS)
    target = official.translate(_SEPARATORS)
    shape, target_shape = skeleton(plain), skeleton(target)
    reasons: list[str] = []
    if len(scripts(candidate) - {"CJK"}) > 1:
        reasons.append("mixed_script")
    if plain == target:
        return ("separators",)  # the same letters, other separators
    if shape == target_shape:
        return (*reasons, "homoglyph")
    near = damerau_distance(plain, target) == 1 or damerau_distance(shape, target_shape) == 1
    if near and len(target) >= MIN_TYPO_CHARS:
        return (*reasons, "typosquat")
    index = shape.find(target_shape)
    if index >= 0 and target not in plain:
        reasons.append("homoglyph")  # our name is in it only once look-alike letters are read
    if index >= 0:
        rest = (shape[:index], shape[index + len(target_shape) :])
        if all(not part or _only_words(part) for part in rest):
            return (*reasons, "extra_words")
        return (*reasons, "contains_official_name")
    core = _strip_words(shape)
    if core != shape and (
        core == target_shape
        or (len(target) >= MIN_TYPO_CHARS and damerau_distance(core, target_shape) == 1)
    ):
        return (*reasons, "extra_words", "typosquat")
    return ()


def domain_lookalike(value: Parsed, registry: Registry) -> Finding | None:
    """A host (and path) imitating an official domain."""
    host = value.host
    labels = host.split(".")
    for official, ref in registry.all_domains:
        reasons: list[str] = []
        if value.punycode:
            reasons.append("punycode")
        if value.widened:
            reasons.append("fullwidth")
        if skeleton(host) == skeleton(official):
            reasons += ["homoglyph"]
            if len(scripts(host)) > 1:
                reasons.append("mixed_script")
            return ref, tuple(dict.fromkeys(reasons))
        brand = official.split(".", 1)[0]
        if f".{official}." in f".{host}.":
            reasons.append("official_name_as_subdomain")
        for index, label in enumerate(labels[:-1]):
            if label == brand:
                tail = labels[index + 1 :]
                registrable = index == len(labels) - 2 or all(t in _SUFFIX_LABELS for t in tail)
                reasons.append("other_tld" if registrable else "official_name_as_subdomain")
                continue
            reasons += name_reasons(label, brand)
        if value.path and skeleton(brand) in skeleton(value.path):
            reasons.append("official_name_in_path")
        if value.userinfo and skeleton(brand) in skeleton(value.userinfo):
            reasons.append("official_name_in_userinfo")
        found = [r for r in reasons if r not in {"punycode", "fullwidth"}]
        if found or (value.widened and brand in host):
            return ref, tuple(dict.fromkeys(reasons))
    return None


def account_lookalike(value: Parsed, registry: Registry) -> Finding | None:
    """A handle or account name imitating an official one, or carrying our name."""
    name = value.normalized
    for official, ref in registry.accounts:
        if value.widened and name == official:
            return ref, ("fullwidth",)
        reasons = name_reasons(name, official)
        if reasons:
            return ref, reasons
    for brand, domain_ref in registry.brands:
        if name.translate(_SEPARATORS) == brand:
            reasons = ("official_name_unregistered",)
        else:
            reasons = name_reasons(name, brand)
        if reasons:
            return _closest_account(name, registry) or domain_ref, reasons
    return None


def _closest_account(name: str, registry: Registry) -> OfficialRef | None:
    """The official account a name resembles most (a Chinese name: the WeChat account)."""
    if not registry.accounts:
        return None
    best = max(
        registry.accounts,
        key=lambda item: SequenceMatcher(None, skeleton(name), skeleton(item[0])).ratio(),
    )
    return best[1]


def phone_lookalike(value: Parsed, registry: Registry) -> Finding | None:
    """A number one digit away from an official one, or ours under another country code."""
    if not value.normalized[1:]:
        return None
    digits = value.normalized[1:]
    for official, ref in registry.phones:
        target = official[1:]
        if damerau_distance(digits, target) == 1:
            return ref, ("similar_number",)
        for cc_length in (1, 2, 3):
            national = target[cc_length:]
            if len(national) >= 7 and digits.endswith(national) and digits != target:
                return ref, ("other_country_code",)
    return None


def email_lookalike(value: Parsed, registry: Registry) -> Finding | None:
    """An address on a look-alike domain, or with our name in front of somebody else's."""
    domain = Parsed(
        raw=value.host,
        kind=value.kind,
        normalized=value.host,
        host=value.host,
        punycode=value.punycode,
        widened=value.widened,
    )
    email_ref = registry.emails[0][1] if registry.emails else None
    found = domain_lookalike(domain, registry)
    if found is not None:
        return email_ref or found[0], found[1]
    for brand, ref in registry.brands:
        if skeleton(brand) in skeleton(value.local.translate(_SEPARATORS)):
            return email_ref or ref, ("official_name_in_address",)
    return None
