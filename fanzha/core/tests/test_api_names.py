"""django-ninja names OpenAPI components after the Schema class: two routers with a class of the
same name silently share one component, and one of them then documents the wrong response."""

import ast
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_api_schema_class_names_are_unique():
    names: Counter[str] = Counter()
    for path in ROOT.glob("*/api.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ClassDef) and any(
                getattr(b, "id", "") in ("Schema", "ModelSchema") for b in node.bases
            ):
                names[node.name] += 1
    assert [n for n, c in names.items() if c > 1] == []
