"""The bad input corpus (issue #8): oversized and malformed bodies, wrong encodings, formula
injection in exports, hostile upload names and over-long strings, each sent through the real
entry points. Every case gets a clear answer (Chinese for a person, structured JSON for the API)
and changes nothing: row counts and the files on disk stay as they were."""

from __future__ import annotations

import io
import json
import re
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from openpyxl import load_workbook

from fanzha.core.exports import safe_cell
from fanzha.core.views import ObjectListView
from fanzha.imports.models import ImportJob
from fanzha.imports.tests.factories import RESIDENT_HEADER, csv_bytes, new_id, new_phone
from fanzha.indicators.models import Indicator, Sighting
from fanzha.people.models import Resident
from fanzha.places.models import Place

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CHINESE = re.compile(r"[\u4e00-\u9fff]")


# -- helpers ------------------------------------------------------------------------------------


def files_under(root: Path) -> set[Path]:
    return {p for p in root.rglob("*") if p.is_file()} if root.exists() else set()


def media() -> Path:
    return Path(settings.MEDIA_ROOT)


def counts() -> dict[str, int]:
    return {
        "residents": Resident.objects.count(),
        "places": Place.objects.count(),
        "jobs": ImportJob.objects.count(),
        "indicators": Indicator.objects.count(),
        "sightings": Sighting.objects.count(),
    }


def multipart(fields: dict[str, str], filename: str, content: bytes) -> tuple[bytes, str]:
    """A multipart body written by hand: Django's test client keeps only the base name of a
    file, and a hostile client sends whatever it likes as the file name."""
    boundary = uuid.uuid4().hex
    parts = []
    for key, value in fields.items():
        head = f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n'
        parts.append(f"{head}{value}\r\n".encode())
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{filename}"\r\n'
        "Content-Type: text/csv\r\n\r\n".encode()
        + content
        + b"\r\n"
    )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def resident_csv(encoding: str = "utf-8", start: int = 0, rows: int = 2) -> bytes:
    data = [
        [f"欧阳{i}", new_id(i), new_phone(i), "east-h1", "east-grid", "", ""]
        for i in range(start, start + rows)
    ]
    return csv_bytes(list(RESIDENT_HEADER), data, encoding)


def upload(client: Any, filename: str, content: bytes, dry_run: bool = True) -> Any:
    fields = {"kind": "residents"}
    if dry_run:
        fields["dry_run"] = "on"
    body, content_type = multipart(fields, filename, content)
    return client.generic("POST", reverse("imports:upload"), body, content_type=content_type)


def form_errors(response: Any) -> str:
    form = response.context["form"]
    return " ".join(str(e) for errors in form.errors.values() for e in errors)


def assert_api_error(response: Any, *statuses: int) -> dict[str, Any]:
    assert response.status_code in statuses, (response.status_code, response.content[:300])
    assert response["Content-Type"].startswith("application/json")
    body: dict[str, Any] = response.json()
    assert body.get("error") and body.get("detail"), body
    return body


# -- oversized bodies ---------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    ["/api/v1/indicators/sightings", "/api/v1/detect", "/api/v1/audit/access"],
)
def test_an_api_body_over_the_limit_gets_413_json_and_changes_nothing(world, client_for, url):
    client = client_for(world.user("admin"))
    before = counts()
    body = json.dumps({"kind": "phone", "value": "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE)})
    method = "GET" if url.endswith("/access") else "POST"
    response = client.generic(method, url, body, content_type="application/json")
    detail = assert_api_error(response, 413)["detail"]
    assert CHINESE.search(str(detail))
    assert counts() == before


@pytest.mark.django_db
def test_a_form_body_over_the_limit_gets_a_413_page(world, client_for):
    client = client_for(world.user("east_liaison"))
    before = counts()
    url = reverse("places:place_add")
    name = "x" * settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    response = client.post(url, f"name={name}", content_type="application/x-www-form-urlencoded")
    assert response.status_code == 413
    assert CHINESE.search(response.content.decode())
    # The same field in a multipart form (the files of which have their own limit).
    response = client.post(url, {"name": name})
    assert response.status_code == 413
    assert CHINESE.search(response.content.decode())
    assert counts() == before


@pytest.mark.django_db
def test_an_upload_over_the_limit_gets_a_chinese_form_error(world, client_for, settings):
    settings.FANZHA_MAX_UPLOAD_BYTES = 4096
    client = client_for(world.user("east_liaison"))
    before, files = counts(), files_under(media())
    response = upload(client, "big.csv", resident_csv() + b"#" * 5000)
    assert response.status_code == 200
    assert "超过" in form_errors(response)
    assert counts() == before and files_under(media()) == files


# -- malformed bodies and wrong content types ---------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (b'{"kind": "phone", "value": ', "application/json"),
        (b"\xff\xfe\x00{not json", "application/json"),
        (b"[1, 2, 3]", "application/json"),
        (b'{"kind": "phone", "value": "13800000000"}', "text/plain"),
        (b"kind=phone&value=13800000000", "application/x-www-form-urlencoded"),
        (b"", "application/json"),
        (b"null", "application/json"),
        (b'{"kind": "phone", "value": "1380000\\u0000"}', "application/json"),
        (b'{"kind": ["phone"], "value": {"a": 1}}', "application/json"),
    ],
)
def test_malformed_api_bodies_get_structured_json_errors(world, client_for, body, content_type):
    client = client_for(world.user("admin"))
    before = counts()
    response = client.generic(
        "POST", "/api/v1/indicators/sightings", body, content_type=content_type
    )
    assert_api_error(response, 400, 422)
    assert counts() == before


# -- wrong encodings ----------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("encoding", ["gbk", "gb18030", "utf-8-sig"])
def test_gbk_and_bom_csv_imports_read_the_names_correctly(world, client_for, encoding):
    client = client_for(world.user("east_liaison"))
    response = upload(client, "居民.csv", resident_csv(encoding, start=300), dry_run=False)
    job = ImportJob.objects.get()
    assert response.status_code == 302, job.errors
    assert job.stored_rows == 2, job.errors
    assert Resident.objects.filter(name="欧阳300").exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("filename", "content"),
    [
        ("broken.csv", b"\x81\x00\xff\xfe\xfd" * 50 + b"\n\x00\x01\x02"),
        ("gbk-as.xlsx", "姓名,身份证号\n张三,1\n".encode("gbk")),
        ("empty.csv", b""),
        ("zip-bomb-ish.xlsx", b"PK\x03\x04" + b"\x00" * 200),
    ],
)
def test_undecodable_files_get_a_clear_chinese_report_and_store_nothing(
    world, client_for, filename, content
):
    client = client_for(world.user("east_liaison"))
    before = counts()
    response = upload(client, filename, content, dry_run=False)
    assert response.status_code in (200, 302)
    if response.status_code == 200:  # refused by the form
        assert CHINESE.search(form_errors(response))
        assert counts() == before
        return
    job = ImportJob.objects.get()
    report = " ".join([job.message] + [str(e) for e in job.errors])
    assert job.stored_rows == 0 and CHINESE.search(report), report
    assert {**counts(), "jobs": before["jobs"]} == before
    page = client.get(job.get_absolute_url())
    assert page.status_code == 200


# -- formula injection in every export ----------------------------------------------------------


def _export_urls(patterns: Any = None, prefix: str = "") -> Iterator[str]:
    for p in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(p, URLResolver):
            yield from _export_urls(p.url_patterns, prefix + str(p.pattern))
        elif isinstance(p, URLPattern):
            route = prefix + str(p.pattern)
            view = getattr(p.callback, "view_class", None)
            if view and issubclass(view, ObjectListView) and "<" not in route:
                yield "/" + route


EXPORTS = sorted(set(_export_urls()))
PAYLOADS = ["=1+1", "+1+1", "-1+1", "@SUM(A1)", "\t=1+1", "\r=1+1"]


def taint_text_fields() -> int:
    """Prefix every free-text value in every table with a formula ("=HYPERLINK(...)"-style
    payloads are what a hostile resident or data source would type)."""
    from django.apps import apps
    from django.db import DataError, IntegrityError, models, transaction
    from django.db.models import F, Value
    from django.db.models.functions import Concat, Left

    tainted = 0
    for model in apps.get_models():
        if not model.__module__.startswith("fanzha."):
            continue
        for field in model._meta.concrete_fields:
            if (
                not isinstance(field, models.CharField | models.TextField)
                or field.choices
                or field.primary_key
                or field.name
                in ("password", "username", "code", "item_code", "slug", "key_hash", "prefix")
                or field.name.endswith(("_cipher", "_index", "_hash", "_path", "_type"))
            ):
                continue
            expr: Any = Concat(Value("=1+"), F(field.name), output_field=field)
            if field.max_length:
                expr = Left(expr, field.max_length)
            rows = model._base_manager.exclude(**{field.name: ""})
            try:
                with transaction.atomic():
                    tainted += rows.update(**{field.name: expr})
            except (IntegrityError, DataError):
                continue  # a constraint checks this field's form (codes, numbers): not free text
    return tainted


@pytest.fixture
def hostile_demo(db: Any) -> Any:
    """A small demo district whose free text all starts with a formula."""
    from django.core.management import call_command

    from fanzha.accounts.models import User

    call_command("demo", "--force", "--scale=0.001", "--seed=3", stdout=io.StringIO())
    assert taint_text_fields() > 100
    for i, payload in enumerate(PAYLOADS):
        Place.objects.filter(pk__in=Place.objects.order_by("pk")[i : i + 1]).update(name=payload)
    admin = User.objects.get(username="admin")
    admin.is_demo = False  # demo accounts sign in only in demo mode
    admin.save(update_fields=["is_demo"])
    return admin


@pytest.mark.parametrize("payload", [*PAYLOADS, " =1+1", "=1", "-", "@"])
def test_safe_cell_neutralises_formula_starts_of_any_value(payload):
    class Named:
        def __str__(self) -> str:
            return payload

    for value in (payload, Named()):
        cell = safe_cell(value)
        assert isinstance(cell, str) and not cell.startswith(FORMULA_STARTS)
        assert cell.endswith(payload.lstrip()) or cell.strip() == payload.strip()


def test_the_export_registry_is_found():
    assert len(EXPORTS) > 20, EXPORTS


@pytest.mark.django_db
def test_no_export_of_any_list_carries_a_live_formula(hostile_demo, client_for):
    from fanzha.assessment.models import Period

    client = client_for(hostile_demo)
    exported_cells = 0
    problems = []
    downloads = [(url, {"export": "xlsx"}) for url in EXPORTS] + [
        (reverse("assessment:period_export", args=[pk, "xlsx"]), {})
        for pk in Period.objects.values_list("pk", flat=True)
    ]
    assert len(downloads) > len(EXPORTS)
    for url, query in downloads:
        response = client.get(url, query)
        if response.status_code == 403:
            continue
        assert response.status_code == 200, (url, response.status_code)
        content = b"".join(response.streaming_content) if response.streaming else response.content
        book = load_workbook(io.BytesIO(content))
        for sheet in book.worksheets:
            for row in sheet.iter_rows(min_row=2, values_only=True):
                for value in row:
                    if isinstance(value, str) and value:
                        exported_cells += 1
                        if value.startswith(FORMULA_STARTS):
                            problems.append((url, value[:40]))
    assert not problems, problems[:20]
    assert exported_cells > 500


@pytest.mark.django_db
def test_the_import_error_report_carries_no_live_formula(world, client_for):
    client = client_for(world.user("east_liaison"))
    header = [*RESIDENT_HEADER, '=HYPERLINK("http://x")', "+cmd"]
    rows = [["=1+1", "-2", "@x", "east-h1", "\t=bad", "", "", "=a", "+b"]]
    upload(client, "bad.csv", csv_bytes(header, rows), dry_run=True)
    job = ImportJob.objects.get()
    response = client.get(reverse("imports:job_errors", args=[job.pk]))
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    cells = [v for r in book.active.iter_rows(values_only=True) for v in r if isinstance(v, str)]
    assert cells and not [v for v in cells if v.startswith(FORMULA_STARTS)]


# -- hostile upload names -----------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    "filename",
    [
        "../../etc/passwd.csv",
        "../../../../../../tmp/fanzha-escape.csv",
        "/etc/cron.d/fanzha.csv",
        "..\\..\\windows\\system32\\evil.csv",
        "C:\\Windows\\evil.csv",
        "a\x00b.csv",
        "nul\x00/../../x.csv",
        "....//....//x.csv",
        "%2e%2e%2fescape.csv",
        "&#46;&#46;&#47;escape.csv",
        "身份证 110101199003077777.csv",
        ".csv",
        "x" * 300 + ".csv",
    ],
)
def test_uploaded_files_get_a_generated_name_inside_media_root(
    world, client_for, tmp_path_factory, filename
):
    client = client_for(world.user("east_liaison"))
    outside = tmp_path_factory.getbasetemp()
    before_outside = files_under(outside) - files_under(media())
    response = upload(client, filename, resident_csv(start=500))
    assert response.status_code in (200, 302)
    after_outside = files_under(outside) - files_under(media())
    assert after_outside == before_outside  # nothing written beside MEDIA_ROOT
    for job in ImportJob.objects.all():
        stored = Path(job.file.path).resolve()
        assert stored.is_relative_to(media().resolve()), stored
        assert re.fullmatch(r"[0-9a-f]{32}\.csv", stored.name), stored.name
        assert "\x00" not in job.original_name


# -- very long strings --------------------------------------------------------------------------


@pytest.mark.django_db
def test_an_over_long_form_value_gets_a_chinese_error_and_stores_nothing(world, client_for):
    client = client_for(world.user("east_liaison"))
    before = counts()
    response = client.post(
        reverse("places:place_add"),
        {"name": "长" * 5000, "kind": "enterprise", "grid": world.grids["east"].pk},
    )
    assert response.status_code == 200
    assert "不超过 120" in form_errors(response)
    assert counts() == before


@pytest.mark.django_db
@pytest.mark.parametrize("field", ["value", "ref", "note"])
def test_an_over_long_api_value_gets_422_and_stores_nothing(world, client_for, field):
    client = client_for(world.user("admin"))
    before = counts()
    payload = {"kind": "phone", "value": "13812345678", "source": "staff", field: "9" * 5000}
    response = client.post("/api/v1/indicators/sightings", payload, content_type="application/json")
    assert_api_error(response, 422)
    assert counts() == before


@pytest.mark.django_db
def test_an_over_long_query_value_gets_422(world, client_for):
    client = client_for(world.user("admin"))
    response = client.get("/api/v1/audit/access", {"subject": "长" * 5000})
    assert_api_error(response, 422)
