"""The real worker makes a print run: ``fanzha worker`` (its db_worker child takes the job from
the ``documents`` queue), killed with SIGKILL mid-render; the job is queued again once the dead
worker's lease runs out and made exactly once."""

from __future__ import annotations

import json
import os
import signal
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from fanzha.core.testing.processes import FANZHA, ROOT, Installation, installation, wait_until

pytestmark = pytest.mark.slow

VENUES = 40  # one part each: seconds of rendering, so the kill lands mid-run


class PrintSite(Installation):
    def __init__(self, tmp: Path, database_url: str) -> None:
        super().__init__(tmp, database_url)
        self.env.update({"FANZHA_PRINT_PART_ITEMS": "1", "FANZHA_PRINT_LEASE_SECONDS": "10"})

    def job(self) -> dict:
        return json.loads(
            self.python(
                "import json\n"
                "from fanzha.outreach.models import PrintJob\n"
                "j = PrintJob.objects.get()\n"
                "print(json.dumps({'status': j.status, 'done': j.done_items, 'pages': j.pages,"
                " 'attempts': j.attempts, 'file': j.file.name}))"
            )
        )


@pytest.fixture
def site(tmp_path: Path) -> Iterator[PrintSite]:
    with installation(tmp_path, "print_worker", PrintSite) as s:
        yield s


def test_a_killed_worker_leaves_the_print_run_to_the_next_one_which_makes_it_once(
    site: PrintSite,
) -> None:
    site.python(
        "from fanzha.accounts.models import User\n"
        "from fanzha.org.models import Unit, Grid\n"
        "from fanzha.places.models import Place\n"
        "from fanzha.places.choices import PlaceKind\n"
        "from fanzha.outreach import printing\n"
        "d = Unit.objects.create(code='d', name='区', kind='district')\n"
        "o = Unit.objects.create(code='o', name='街道', kind='office', parent=d)\n"
        "c = Unit.objects.create(code='c', name='社区', kind='community', parent=o)\n"
        "g = Grid.objects.create(code='g', name='第一网格', community=c)\n"
        "u = User.objects.create(username='admin', role='admin', unit=d)\n"
        f"ids = [Place.objects.create(name=f'场所{{i}}', grid=g, kind=PlaceKind.ENTERPRISE).pk"
        f" for i in range({VENUES})]\n"
        "printing.request_print(u, 'banners', ids, {'year': 2021}, title='横幅',"
        " filename='b.pdf')\n"
    )
    worker = subprocess.Popen(
        [FANZHA, "worker", "--tick", "0.2"],
        env=site.env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        wait_until(
            lambda: (j := site.job())["status"] == "running" and j["done"] >= 1,
            120,
            "the worker to render part of the run",
            every=0.05,
        )
    finally:
        os.killpg(worker.pid, signal.SIGKILL)
        worker.wait()
    killed = site.job()
    assert killed["status"] == "running" and killed["done"] < VENUES and not killed["file"]

    # The next worker: its periodic round queues the job again once the lease has run out,
    # then the task runner makes it.
    wait_until(
        lambda: site.run("worker", "--once").returncode == 0 and site.job()["status"] == "queued",
        60,
        "the job to be queued again",
        every=1,
    )
    done = site.run("db_worker", "--queue-name", "*", "--batch", "--no-startup-delay")
    assert done.returncode == 0, done.stderr
    final = site.job()
    assert final["status"] == "done" and final["attempts"] == 2 and final["done"] == VENUES
    files = list((site.media_dir / "prints").rglob("*.pdf"))
    assert [f.relative_to(site.media_dir).as_posix() for f in files] == [final["file"]]
    from pypdf import PdfReader

    assert len(PdfReader(files[0]).pages) == final["pages"] >= VENUES
