"""``fanzha detect``: train the message-check model, and classify messages from a file or stdin.

fanzha detect train --data PATH [--label-map 0=NORMAL,1=MCGJF] [--with-builtin]
fanzha detect classify [--input FILE] [--output FILE]
fanzha detect reset          # forget a trained model, go back to the built-in one
fanzha detect warm           # build the cached model now (a deploy step), not on first use
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import IO, Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

BATCH = 256


class Command(BaseCommand):
    help = "Message check: train the model, or classify messages (one per line, or JSONL)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        train = sub.add_parser("train", help="Retrain the model from labelled data")
        train.add_argument(
            "--data", required=True, help="CSV/JSONL file or folder of labelled texts"
        )
        train.add_argument(
            "--label-map", help="Map the data's labels to type codes, e.g. 0=NORMAL,1=MCGJF"
        )
        train.add_argument(
            "--with-builtin",
            action="store_true",
            help="Also train on the project's built-in corpus",
        )
        classify = sub.add_parser("classify", help="Classify messages; writes JSONL")
        classify.add_argument("--input", help="File with one message per line, or JSONL (text)")
        classify.add_argument("--output", help="Write JSONL here instead of stdout")
        sub.add_parser("reset", help="Delete the trained model; use the built-in one again")
        sub.add_parser("warm", help="Load or build the model now, so the first check is fast")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "train":
            self._train(options)
        elif action == "classify":
            self._classify(options)
        elif action == "warm":
            from fanzha.detect.engine import get_detector

            detector = get_detector()
            self.stdout.write(f"模型已就绪：{len(detector.rules.rules)} 条规则")
        else:
            self._reset()

    # ------------------------------------------------------------------ train

    def _train(self, options: dict[str, Any]) -> None:
        from fanzha.detect import corpus
        from fanzha.detect.conf import data_dir
        from fanzha.detect.datasets import DatasetError, parse_label_map, read_labelled
        from fanzha.detect.engine import TRAINED_MODEL_FILENAME, reset_detector
        from fanzha.detect.model import TrainingError, train

        try:
            label_map = parse_label_map(options.get("label_map"))
            texts, labels, groups = read_labelled(Path(options["data"]), label_map)
        except DatasetError as exc:
            raise CommandError(str(exc)) from exc
        if options.get("with_builtin"):
            for example in corpus.generate():
                texts.append(example.text)
                labels.append(example.label)
                groups.append(f"builtin:{example.group}")
        try:
            model = train(texts, labels, groups)
        except TrainingError as exc:
            raise CommandError(f"无法训练：{exc}") from exc
        target = data_dir() / TRAINED_MODEL_FILENAME
        try:
            model.save(target)
        except OSError as exc:
            raise CommandError(f"无法保存模型到 {target}：{exc.strerror}") from exc
        reset_detector()
        counts = "，".join(f"{k} {v}" for k, v in model.meta["counts"].items())
        self.stdout.write(f"已训练 {len(texts)} 条（{counts}），模型保存在 {target}")

    # ------------------------------------------------------------------ classify

    def _classify(self, options: dict[str, Any]) -> None:
        from fanzha.detect.datasets import DatasetError, read_text_file
        from fanzha.detect.engine import check_many

        source = options.get("input")
        if source:
            path = Path(source)
            if not path.is_file():
                raise CommandError(f"找不到输入文件：{path}")
            try:
                content = read_text_file(path)
            except DatasetError as exc:
                raise CommandError(str(exc)) from exc
        else:
            content = sys.stdin.read()
        texts = self._parse_lines(content)
        out: IO[str]
        if options.get("output"):
            out = open(options["output"], "w", encoding="utf-8")  # noqa: SIM115 - closed below
        else:
            out = self.stdout  # type: ignore[assignment]
        try:
            for i in range(0, len(texts), BATCH):
                for verdict in check_many(texts[i : i + BATCH]):
                    line = json.dumps(verdict.to_dict(include_text=True), ensure_ascii=False)
                    out.write(line + "\n")
        finally:
            if out is not self.stdout:
                out.close()

    @staticmethod
    def _parse_lines(content: str) -> list[str]:
        """Plain text: one message per line. JSONL: objects with a ``text`` field, line by line.

        A file is JSONL when its first non-blank line is a JSON object; then every line must be.
        """
        lines = [line for line in content.splitlines() if line.strip()]
        if not lines:
            raise CommandError("输入为空：请每行提供一条消息，或提供带 text 字段的 JSONL")
        if not lines[0].lstrip().startswith("{"):
            return lines
        texts: list[str] = []
        for lineno, line in enumerate(lines, start=1):
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                raise CommandError(f"第{lineno}条不是有效的JSON：{exc.msg}") from exc
            text = obj.get("text", obj.get("content")) if isinstance(obj, dict) else None
            if not isinstance(text, str) or not text.strip():
                raise CommandError(f"第{lineno}条缺少 text 字段或内容为空")
            texts.append(text)
        return texts

    # ------------------------------------------------------------------ reset

    def _reset(self) -> None:
        from fanzha.detect.conf import data_dir
        from fanzha.detect.engine import TRAINED_MODEL_FILENAME, reset_detector

        target = data_dir() / TRAINED_MODEL_FILENAME
        if target.is_file():
            target.unlink()
            self.stdout.write(f"已删除训练的模型 {target}，恢复使用内置模型")
        else:
            self.stdout.write("没有训练的模型，正在使用内置模型")
        reset_detector()
