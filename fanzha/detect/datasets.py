"""Reading labelled texts for ``fanzha detect train``: CSV files, JSONL files or folders.

Accepted shapes:

* a CSV/TSV file with a text column (``text``, ``content``, ``message``, ``内容``, ``文本``) and a
  ``label`` column (``标签``/``类型`` also work);
* a JSONL file with ``text`` and ``label`` fields;
* a folder of such files, read recursively;
* a folder whose sub-folders are named by label (``NORMAL/``, ``MCGJF/``, …), holding ``.txt``
  files (one message per line) or CSV/JSONL files whose label column may be absent.

Labels may be type codes (any case), the Chinese type names, ``normal``/``正常``/``非诈骗``, or
anything mapped with ``label_map`` (e.g. ``{"0": "NORMAL", "1": "MCGJF"}``). Files may be UTF-8 or
GB18030 (common for Chinese data exported from Excel).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path

from fanzha.detect.rules import LABELS, NORMAL, RuleSet

TEXT_COLUMNS = ("text", "content", "message", "msg", "sms", "内容", "文本", "短信")
LABEL_COLUMNS = ("label", "type", "class", "标签", "类型", "类别")
_NORMAL_ALIASES = {"normal", "正常", "非诈骗", "未发现诈骗", "ham", "legit"}


class DatasetError(ValueError):
    """Labelled data could not be read (the message is Chinese, for the person running the command).

    Raised for missing files, unknown labels, missing columns and undecodable files.
    """


def read_text_file(path: Path) -> str:
    """Read a text file as UTF-8 (with or without BOM), falling back to GB18030."""
    raw = path.read_bytes()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise DatasetError(f"无法识别文件编码（请使用UTF-8或GB18030）：{path}")


def label_resolver(label_map: dict[str, str] | None = None) -> dict[str, str]:
    """All spellings of a label we accept, lower-cased, mapped to the label code."""
    names = {info.name: code for code, info in RuleSet.load().types.items()}
    table: dict[str, str] = {code.lower(): code for code in LABELS}
    table.update({name.lower(): code for name, code in names.items()})
    table.update(dict.fromkeys(_NORMAL_ALIASES, NORMAL))
    for key, value in (label_map or {}).items():
        code = table.get(value.strip().lower())
        if code is None:
            raise DatasetError(f"标签映射中的“{value}”不是有效的类型代码")
        table[key.strip().lower()] = code
    return table


def _resolve(label: str, table: dict[str, str], where: str) -> str:
    code = table.get(label.strip().lower())
    if code is None:
        raise DatasetError(
            f"{where}：无法识别的标签“{label}”。可用的标签：{'、'.join(LABELS)}；"
            "数字标签请用 --label-map 指定，例如 0=NORMAL,1=MCGJF"
        )
    return code


def _rows_from_csv(path: Path, default_label: str | None) -> Iterator[tuple[str, str | None, int]]:
    text = read_text_file(path)
    dialect = "excel-tab" if path.suffix.lower() == ".tsv" else "excel"
    reader = csv.reader(io.StringIO(text), dialect=dialect)
    header = next(reader, None)
    if header is None:
        return
    lowered = [h.strip().lower() for h in header]
    text_col = next((lowered.index(c) for c in TEXT_COLUMNS if c in lowered), None)
    label_col = next((lowered.index(c) for c in LABEL_COLUMNS if c in lowered), None)
    if text_col is None:
        raise DatasetError(f"{path}：找不到文本列（列名应为 {'、'.join(TEXT_COLUMNS)} 之一）")
    if label_col is None and default_label is None:
        raise DatasetError(f"{path}：找不到标签列（列名应为 {'、'.join(LABEL_COLUMNS)} 之一）")
    for lineno, row in enumerate(reader, start=2):
        if len(row) <= text_col:
            continue
        label = row[label_col] if label_col is not None and len(row) > label_col else default_label
        yield row[text_col], label, lineno


def _rows_from_jsonl(
    path: Path, default_label: str | None
) -> Iterator[tuple[str, str | None, int]]:
    for lineno, line in enumerate(read_text_file(path).splitlines(), start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise DatasetError(f"{path} 第{lineno}行不是有效的JSON：{exc.msg}") from exc
        text = (
            next((obj[c] for c in TEXT_COLUMNS if c in obj), None)
            if isinstance(obj, dict)
            else None
        )
        if not isinstance(text, str):
            raise DatasetError(f"{path} 第{lineno}行缺少 text 字段")
        label = next((str(obj[c]) for c in LABEL_COLUMNS if c in obj), default_label)
        yield text, label, lineno


def _rows_from_txt(path: Path, default_label: str | None) -> Iterator[tuple[str, str | None, int]]:
    if default_label is None:
        raise DatasetError(f"{path}：纯文本文件需放在以标签命名的文件夹中（如 NORMAL/、MCGJF/）")
    for lineno, line in enumerate(read_text_file(path).splitlines(), start=1):
        yield line, default_label, lineno


_READERS = {
    ".csv": _rows_from_csv,
    ".tsv": _rows_from_csv,
    ".jsonl": _rows_from_jsonl,
    ".txt": _rows_from_txt,
}


def read_labelled(
    path: Path, label_map: dict[str, str] | None = None
) -> tuple[list[str], list[str], list[str]]:
    """Read texts, label codes and groups (the source file) from a file or folder."""
    if not path.exists():
        raise DatasetError(f"找不到训练数据：{path}")
    table = label_resolver(label_map)
    texts: list[str] = []
    labels: list[str] = []
    groups: list[str] = []
    files: list[tuple[Path, str | None]] = []
    if path.is_file():
        files.append((path, None))
    else:
        for file in sorted(p for p in path.rglob("*") if p.is_file()):
            if file.suffix.lower() not in _READERS:
                continue
            rel = file.relative_to(path)
            folder_label = rel.parts[0] if len(rel.parts) > 1 else None
            if folder_label is not None and folder_label.strip().lower() not in table:
                folder_label = None
            files.append((file, folder_label))
    if not files:
        raise DatasetError(f"{path} 中没有可读取的 .csv/.tsv/.jsonl/.txt 文件")
    for file, folder_label in files:
        reader = _READERS.get(file.suffix.lower())
        if reader is None:
            raise DatasetError(f"不支持的文件类型：{file}（支持 .csv .tsv .jsonl .txt）")
        for text, label, lineno in reader(file, folder_label):
            if not text.strip():
                continue
            if label is None or not label.strip():
                raise DatasetError(f"{file} 第{lineno}行缺少标签")
            texts.append(text)
            labels.append(_resolve(label, table, f"{file} 第{lineno}行"))
            groups.append(str(file))
    if not texts:
        raise DatasetError(f"{path} 中没有任何带标签的文本")
    return texts, labels, groups


def parse_label_map(spec: str | None) -> dict[str, str]:
    """Parse ``"0=NORMAL,1=MCGJF"`` into a dict."""
    if not spec:
        return {}
    out: dict[str, str] = {}
    for part in spec.split(","):
        if not part.strip():
            continue
        if "=" not in part:
            raise DatasetError(f"标签映射格式应为 原标签=类型代码，例如 0=NORMAL：{part}")
        key, value = part.split("=", 1)
        out[key.strip()] = value.strip()
    return out
