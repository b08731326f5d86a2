from __future__ import annotations

import pytest

from walletdesk.core.errors import ValidationFailed
from walletdesk.tickets.attachments import Upload, check_uploads, clean_filename, sniff_content_type


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("a.png", b"\x89PNG\r\n\x1a\nrest", "image/png"),
        ("a.jpg", b"\xff\xd8\xff\xe0rest", "image/jpeg"),
        ("a.pdf", b"%PDF-1.7 rest", "application/pdf"),
        ("a.webp", b"RIFF\x00\x00\x00\x00WEBPVP8 ", "image/webp"),
        ("statement.csv", "时间,金额\n2026-11-01,100.00\n".encode(), "text/csv"),
        ("statement.csv", "时间,金额\n".encode("gb18030"), "text/csv"),
        ("evil.png", b"MZ\x90\x00 this is a windows executable", None),
        ("evil.csv", b"\x00\x01binary", None),
        ("page.html", b"<script>alert(1)</script>", None),
    ],
)
def test_sniffing_decides_by_content(name, content, expected):
    assert sniff_content_type(name, content) == expected


def test_limits(settings):
    settings.ATTACHMENT_MAX_BYTES = 100
    png = b"\x89PNG\r\n\x1a\n"
    with pytest.raises(ValidationFailed):
        check_uploads([Upload("big.png", png + b"\x00" * 200)])
    with pytest.raises(ValidationFailed):
        check_uploads([Upload("empty.png", b"")])
    with pytest.raises(ValidationFailed):
        check_uploads([Upload(f"{i}.png", png) for i in range(6)])
    assert len(check_uploads([Upload("ok.png", png)])) == 1


def test_filenames_are_cleaned():
    assert clean_filename("../../etc/passwd") == "passwd"
    assert clean_filename("C:\\Users\\me\\收据.png") == "收据.png"
    assert clean_filename('a<b>:"|?*.png') == "ab.png"
    assert clean_filename("") == "attachment"
