"""``fanzha detect train`` and ``fanzha detect classify``."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import CommandError, call_command

from fanzha.detect import corpus
from fanzha.detect.engine import reset_detector


@pytest.fixture
def data_dir(settings, tmp_path):
    """A private data directory, so a trained model never leaks into other tests.

    The cached built-in model is copied over, so the test does not spend seconds retraining it.
    """
    import shutil

    from fanzha.detect.conf import data_dir as current

    previous = current()
    settings.FANZHA_DATA_DIR = tmp_path / "data"
    (tmp_path / "data" / "detect").mkdir(parents=True)
    for cached in previous.glob("builtin-*.npz"):
        shutil.copy(cached, tmp_path / "data" / "detect" / cached.name)
    reset_detector()
    yield tmp_path / "data"
    reset_detector()


def _labelled_csv(path, examples):
    import csv

    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["content", "label"])
        for e in examples:
            writer.writerow([e.text, e.label])


def test_train_then_classify_round_trip(data_dir, tmp_path):
    examples = [e for e in corpus.generate() if e.label in ("NORMAL", "MCGJF", "XJDK")][::3]
    _labelled_csv(tmp_path / "train.csv", examples)
    out = io.StringIO()
    call_command("detect", "train", "--data", str(tmp_path / "train.csv"), stdout=out)
    assert "已训练" in out.getvalue()
    assert (data_dir / "detect" / "model.npz").is_file()

    (tmp_path / "in.txt").write_text("请把钱转到安全账户\n妈，我到家了\n", encoding="utf-8")
    out = io.StringIO()
    call_command("detect", "classify", "--input", str(tmp_path / "in.txt"), stdout=out)
    rows = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [r["is_fraud"] for r in rows] == [True, False]
    assert rows[0]["label"] == "MCGJF"
    for r in rows:
        assert set(r) >= {"label", "is_fraud", "score", "cues", "explanation", "advice"}
    assert rows[0]["cues"][0].keys() >= {"rule_id", "type", "text", "start", "end"}

    out = io.StringIO()
    call_command("detect", "reset", stdout=out)
    assert not (data_dir / "detect" / "model.npz").exists()


def test_train_reads_a_folder_of_label_named_subfolders_and_numeric_label_maps(data_dir, tmp_path):
    examples = corpus.generate()
    for label in ("NORMAL", "SDFL"):
        folder = tmp_path / "data_in" / label
        folder.mkdir(parents=True)
        lines = [e.text for e in examples if e.label == label][:60]
        (folder / "msgs.txt").write_text("\n".join(lines), encoding="utf-8")
    call_command("detect", "train", "--data", str(tmp_path / "data_in"), stdout=io.StringIO())
    assert (data_dir / "detect" / "model.npz").is_file()

    # A GB18030 file (as Excel exports Chinese CSV) with numeric labels.
    import csv

    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["text", "label"])
    for label, number in (("NORMAL", 0), ("MCLD", 1)):
        for e in [e for e in examples if e.label == label][:100]:
            writer.writerow([e.text, number])
    gb = tmp_path / "gb.csv"
    gb.write_bytes(buffer.getvalue().encode("gb18030"))
    call_command(
        "detect", "train", "--data", str(gb), "--label-map", "0=NORMAL,1=MCLD", stdout=io.StringIO()
    )


def test_classify_reads_jsonl_from_stdin(data_dir, monkeypatch):
    lines = [json.dumps({"text": "我是王总，明天到我办公室来一趟"}, ensure_ascii=False), ""]
    monkeypatch.setattr("sys.stdin", io.StringIO("\n".join(lines)))
    out = io.StringIO()
    call_command("detect", "classify", stdout=out)
    row = json.loads(out.getvalue())
    assert row["text"].startswith("我是王总") and row["label"] == "MCLD"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["classify", "--input", "/nonexistent/file.txt"], "找不到输入文件"),
        (["train", "--data", "/nonexistent/folder"], "找不到训练数据"),
    ],
)
def test_it_reports_bad_paths_in_chinese(data_dir, args, message):
    with pytest.raises(CommandError, match=message):
        call_command("detect", *args)


def test_it_reports_bad_labels_and_bad_jsonl(data_dir, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("text,label\n你好,7\n", encoding="utf-8")
    with pytest.raises(CommandError, match="无法识别的标签"):
        call_command("detect", "train", "--data", str(bad))
    nolabel = tmp_path / "nolabel.csv"
    nolabel.write_text("text\n你好\n", encoding="utf-8")
    with pytest.raises(CommandError, match="找不到标签列"):
        call_command("detect", "train", "--data", str(nolabel))
    only_normal = tmp_path / "normal.csv"
    only_normal.write_text("text,label\n" + "\n".join(f"你好{i},NORMAL" for i in range(30)))
    with pytest.raises(CommandError, match="无法训练"):
        call_command("detect", "train", "--data", str(only_normal))
    jsonl = tmp_path / "in.jsonl"
    jsonl.write_text('{"text": "你好"}\n{"txt": 1}\n', encoding="utf-8")
    with pytest.raises(CommandError, match="第2条缺少 text"):
        call_command("detect", "classify", "--input", str(jsonl))
    empty = tmp_path / "empty.txt"
    empty.write_text("\n\n", encoding="utf-8")
    with pytest.raises(CommandError, match="输入为空"):
        call_command("detect", "classify", "--input", str(empty))


def test_the_console_command_exits_non_zero_on_bad_input(tmp_path):
    import os
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-m", "fanzha", "detect", "classify", "--input", str(tmp_path / "no.txt")],
        capture_output=True,
        text=True,
        env={**os.environ, "FANZHA_DATA_DIR": str(tmp_path)},
        timeout=120,
    )
    assert result.returncode != 0
    assert "找不到输入文件" in result.stderr
