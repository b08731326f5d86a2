"""`walletdesk assistant evaluate --train CSV --test CSV`: the production pipeline on any CSV."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from walletdesk.cli import main

TRAIN = """text,category
my card was declined,payment_method
the bank card cannot be added,payment_method
card refused at checkout,payment_method
I forgot my password,password_reset
cannot log in, password wrong,password_reset
reset my password please,password_reset
银行卡绑定失败,payment_method
忘记密码了,password_reset
"""
TEST = """text,category
my card got declined again,payment_method
please reset the password,password_reset
忘记登录密码,password_reset
"""


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_it_trains_tests_and_prints_the_figures(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    train, test = _write(tmp_path, "train.csv", TRAIN), _write(tmp_path, "test.csv", TEST)
    assert main(["assistant", "evaluate", "--train", str(train), "--test", str(test)]) == 0
    figures = json.loads(capsys.readouterr().out)
    assert figures["n"] == 3
    assert figures["n_train"] == 8
    assert figures["accuracy"] == 1.0
    assert 0 < figures["p50_ms"] <= figures["p99_ms"]
    assert figures["per_class"]["password_reset"] == {"n": 2, "recall": 1.0, "precision": 1.0}


def test_a_wrong_answer_lowers_the_accuracy(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    wrong = TEST.replace(
        "please reset the password,password_reset", "please reset the password,payment_method"
    )
    train, test = _write(tmp_path, "train.csv", TRAIN), _write(tmp_path, "test.csv", wrong)
    assert main(["assistant", "evaluate", "--train", str(train), "--test", str(test)]) == 0
    assert json.loads(capsys.readouterr().out)["accuracy"] == pytest.approx(2 / 3, abs=1e-3)


@pytest.mark.parametrize(
    ("train_text", "message"),
    [
        (None, "no such file"),
        ("words,label\nhello,greeting\n", "category"),
        ("text\nhello\n", "category"),
    ],
)
def test_a_missing_file_or_column_is_a_clear_error(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    train_text: str | None,
    message: str,
) -> None:
    train = tmp_path / "train.csv"
    if train_text is not None:
        train.write_text(train_text, encoding="utf-8")
    test = _write(tmp_path, "test.csv", TEST)
    code = main(["assistant", "evaluate", "--train", str(train), "--test", str(test)])
    err = capsys.readouterr().err
    assert code == 2
    assert message in err or "缺少" in err or "不存在" in err
    assert "Traceback" not in err


def test_the_train_and_test_options_are_required(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["assistant", "evaluate", "--train", "x.csv"])
    assert exit_.value.code == 2
