"""Scheduled runs as deployed: the systemd units verify, and Scrapyd runs the crawl."""

from __future__ import annotations

import json
import shlex
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from lan_crawler.sample_site import Faults, load_posts, running
from tests.conftest import PROJECT_ROOT
from tests.scrapyd_nodes import ScrapydNode, api, scrapyd_nodes

UNITS = PROJECT_ROOT / "deploy" / "systemd"
SYSTEMD_ANALYZE = shutil.which("systemd-analyze") or "systemd-analyze"


FAILURE_UNIT = "lan-crawler-failure@.service"


def installed_copy(tmp_path: Path, timer_text: str | None = None) -> list[Path]:
    """The units as an operator installs them: paths pointing at this checkout."""
    service = (UNITS / "lan-crawler.service").read_text()
    for old, new in (
        ("/opt/lan-crawler/.venv/bin/scrapy", str(Path(sys.executable).parent / "scrapy")),
        ("/opt/lan-crawler", str(PROJECT_ROOT)),
        ("/srv/lan-archive", str(tmp_path)),
        ("User=lan-crawler", "User=root"),
        ("Group=lan-crawler", "Group=root"),
    ):
        service = service.replace(old, new)
    (tmp_path / "lan-crawler.service").write_text(service)
    timer = timer_text if timer_text is not None else (UNITS / "lan-crawler.timer").read_text()
    (tmp_path / "lan-crawler.timer").write_text(timer)
    shutil.copy(UNITS / FAILURE_UNIT, tmp_path / FAILURE_UNIT)
    # verify loads a template through one of its instances: the one OnFailure= starts
    return [
        tmp_path / "lan-crawler.service",
        tmp_path / "lan-crawler.timer",
        tmp_path / "lan-crawler-failure@lan-crawler.service.service",
    ]


def verify(units: list[Path]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [SYSTEMD_ANALYZE, "verify", *map(str, units)], capture_output=True, text=True, check=False
    )


def test_systemd_units_verify(tmp_path: Path) -> None:
    done = verify(installed_copy(tmp_path))
    assert done.returncode == 0, done.stderr
    # and the check has teeth: a broken schedule is refused
    broken = (UNITS / "lan-crawler.timer").read_text().replace("00/6:17:00", "every six hours")
    assert verify(installed_copy(tmp_path, broken)).returncode != 0
    units = installed_copy(tmp_path)
    failure = tmp_path / FAILURE_UNIT
    failure.write_text(failure.read_text().replace("/bin/sh", "/nowhere/sh"))
    assert verify(units).returncode != 0


def unit_values(text: str, key: str) -> list[str]:
    return [line.split("=", 1)[1] for line in text.splitlines() if line.startswith(f"{key}=")]


def test_a_failed_run_mails_its_status_through_the_on_failure_unit(tmp_path: Path) -> None:
    """The service names the failure unit; its command, as systemd expands it, mails the
    failed unit's status (here `systemctl` and `mail` are stand-ins that record)."""
    service = (UNITS / "lan-crawler.service").read_text()
    assert unit_values(service, "OnFailure") == ["lan-crawler-failure@%n.service"]
    unit = (UNITS / FAILURE_UNIT).read_text()
    [command] = unit_values(unit, "ExecStart")
    [mailto] = unit_values(unit, "Environment")
    # systemd's expansion of this line: specifiers, $$, ${VAR}, the quoted argument's escapes
    for old, new in (
        ("%i", "lan-crawler.service"),
        ("%H", "host1"),
        ("%%", "%"),
        ("${MAILTO}", mailto.removeprefix("MAILTO=")),
        ("$$", "$"),
        ("\\\\", "\\"),
    ):
        command = command.replace(old, new)
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    fakes = {
        "systemctl": "echo \"$*\"; echo 'lan-crawler: the crawl failed (exit status 3)'; exit 3",
        "mail": f'{{ echo "to: $3 subject: $2"; cat; }} > {tmp_path}/mail',
    }
    for name, body in fakes.items():
        (bin_dir / name).write_text(f"#!/bin/sh\n{body}\n")
        (bin_dir / name).chmod(0o755)
    argv = shlex.split(command)
    assert argv[0] == "/bin/sh"
    env = {"PATH": f"{bin_dir}:/usr/bin:/bin"}
    done = subprocess.run(argv, capture_output=True, text=True, env=env, check=False)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "mail").read_text() == (
        "to: root subject: lan-crawler: lan-crawler.service failed on host1\n"
        "status --full --no-pager --lines=40 lan-crawler.service\n"
        "lan-crawler: the crawl failed (exit status 3)\n"
    )
    (bin_dir / "mail").unlink()  # no mail command: the status goes to the journal
    done = subprocess.run(argv, capture_output=True, text=True, env=env, check=False)
    assert done.returncode == 0 and "the crawl failed (exit status 3)" in done.stdout


def cron_command(archive: Path) -> str:
    """The README's cron command for this checkout and an archive folder."""
    readme = (PROJECT_ROOT / "README.md").read_text()
    line = next(x for x in readme.splitlines() if x.startswith("17 */6 * * *"))
    command = line.removeprefix("17 */6 * * *").strip()
    command = command.replace("/opt/lan-crawler", str(PROJECT_ROOT))
    command = command.replace(".venv/bin/scrapy", str(Path(sys.executable).parent / "scrapy"))
    return command.replace("/srv/lan-archive", str(archive))


def run_as_cron(command: str, faults: Faults, *settings: str) -> subprocess.CompletedProcess[str]:
    """The command as cron runs it, through sh, against the sample site."""
    quick = " -s DOWNLOAD_DELAY=0 -s AUTOTHROTTLE_ENABLED=False " + " ".join(settings)
    with running(faults) as server:
        return subprocess.run(
            ["sh", "-c", f"{command} -a base_url={server.base_url}{quick}"],
            capture_output=True,
            text=True,
            check=False,
            timeout=120,
        )


def test_the_cron_line_in_the_readme_runs_a_crawl_and_prints_nothing(tmp_path: Path) -> None:
    done = run_as_cron(cron_command(tmp_path), Faults())
    assert done.returncode == 0, done.stderr
    assert (done.stdout, done.stderr) == ("", "")  # cron mails nothing
    assert len(list(tmp_path.glob("[0-9]*/*/*/*.json"))) == len(load_posts())
    assert "healthy in" in (tmp_path / "crawl.log").read_text()


def test_the_cron_line_prints_why_an_unhealthy_run_failed(tmp_path: Path) -> None:
    """The database is down: every post answers 500. What cron mails names the reasons."""
    done = run_as_cron(cron_command(tmp_path), Faults(post_status=500), "-s RETRY_TIMES=0")
    assert done.returncode == 3
    assert done.stdout == ""
    [report_file] = (tmp_path / "runs").glob("*.json")
    report = json.loads(report_file.read_text())
    assert not report["healthy"] and report["problems"]
    lines = done.stderr.splitlines()
    assert lines[0] == "lan-crawler: the crawl failed (exit status 3)"
    assert lines[1].startswith(f"Run {report['run_id']} UNHEALTHY in ")
    assert [f"  - {reason}" for reason in report["problems"]] == lines[
        2 : 2 + len(report["problems"])
    ]
    assert f"report: {report_file}" in lines
    assert lines[-1] == f"more in the log: {tmp_path / 'crawl.log'}"


# --- Scrapyd ----------------------------------------------------------------------------


@pytest.fixture
def scrapyd(tmp_path: Path) -> Iterator[ScrapydNode]:
    with scrapyd_nodes(tmp_path / "scrapyd", 1) as [node]:
        yield node


def test_scrapyd_runs_the_crawl_and_sees_an_unhealthy_one_fail(
    tmp_path: Path, scrapyd: ScrapydNode, scrapyd_egg: Path
) -> None:
    scrapyd.deploy(scrapyd_egg)
    archive = tmp_path / "archive"
    loopback = ["DOWNLOAD_DELAY=0", "AUTOTHROTTLE_ENABLED=False", "RETRY_BACKOFF_BASE=0.2"]
    with running(Faults()) as healthy, running(Faults(disallow_all=True)) as forbidding:
        jobs = []
        for site, folder in ((healthy, archive), (forbidding, tmp_path / "other")):
            answer = api(
                scrapyd.base,
                "schedule.json",
                {
                    "project": "lan_crawler",
                    "spider": "lan_news",
                    "base_url": site.base_url,
                    "setting": [f"ARCHIVE_DIR={folder}", *loopback],
                },
            )
            assert answer["status"] == "ok", answer
            jobs.append(answer["jobid"])
        for job in jobs:
            scrapyd.wait_finished(job)
    assert len(list(archive.glob("[0-9]*/*/*/*.json"))) == len(load_posts())
    report = json.loads(next((archive / "runs").glob("*.json")).read_text())
    assert report["healthy"] and report["articles"]["new"] == len(load_posts())
    # Scrapyd records the unhealthy run's exit status as a failed process
    assert "Process died: exitstatus=3" in scrapyd.output
