"""Does the customer ask for a person? Then a person answers, whatever the problem is.

A small rule, not the classifier: asking for a human is rare in the training data, must never
be missed, and looks the same in every problem type ("my card was declined, 转人工").
The text is normalised (NFKC, casefold, repeats squeezed) before it gets here.
"""

from __future__ import annotations

import re

_ZH = re.compile(
    r"转人工|人工客服|人工服务|人工坐席|人工座席|找人工|要人工|接人工|人工\s*$|^\s*人工"
    r"|真人|活人|客服电话|客服热线|人工电话|打电话给客服|给我打电话|联系客服|找客服|叫客服"
    r"|客服(?:在哪|呢)|和人(?:聊|说)|跟人(?:聊|说)|找个人|有人吗|来个人|换个人"
    r"|投诉电话|找经理|找主管"
)
_EN = re.compile(
    r"\b(?:talk|speak|chat|connect|transfer)\w*\s+(?:me\s+)?(?:to|with)\s+(?:a\s+|an\s+|the\s+|your\s+|some\s*one|somebody|real|live|actual)?"
    r"\s*(?:real\s+|live\s+|actual\s+)?(?:human|person|people|agent|operator|representative|rep|someone|somebody|staff|support|manager|supervisor)\b"
    r"|\b(?:real|live|actual)\s+(?:human|person|agent|operator|people)\b"
    r"|\b(?:human|agent|operator|representative)\s*(?:please|pls|plz|now)\b"
    r"|\b(?:need|want|get)\s+(?:me\s+)?(?:a\s+|an\s+)?(?:human|person|agent|operator|representative)\b"
    r"|\bcustomer\s+(?:service|support|care)\s+(?:number|phone|hotline)\b"
    r"|\b(?:phone|contact)\s+number\s+(?:for|of)\s+(?:support|customer|you)"
    r"|\bcall\s+(?:me|support|customer\s+service)\b|\bis\s+any\s*one\s+there\b"
    r"|\bnot\s+a\s+bot\b|\bno\s+(?:more\s+)?bots?\b|^\s*(?:human|agent|operator|representative)\s*[.!?]*\s*$"
)


def wants_person(normalised_text: str) -> bool:
    return bool(_ZH.search(normalised_text) or _EN.search(normalised_text))
