"""``export()`` from Python and its report; the command line's last line (issue 20, point 4).

The rules export keeps (what it touches, what it refuses) are in test_export_safety.py
and run through both doors: the command line calls this very function.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from pydantic import ValidationError

import acupuncture_content
from acupuncture_content import ContentError, ExportReport, export
from acupuncture_content._export import _plan
from acupuncture_content.cli import main

BASE = "https://clinic.example/guides/"


def _files(root: Path) -> dict[str, bytes]:
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


@pytest.fixture(scope="module")
def planned() -> tuple[str, ...]:
    """Every path an export without a base URL writes, the manifest included."""
    return tuple(sorted([*(file.path for file in _plan(None)), "manifest.json"]))


def test_a_first_export_reports_every_file_written(tmp_path, planned):
    report = export(tmp_path / "site")
    assert isinstance(report, ExportReport)
    assert report == ExportReport(written=planned, unchanged=(), removed=())
    assert tuple(_files(tmp_path / "site")) == planned


def test_an_identical_rerun_writes_nothing_not_even_the_manifest(tmp_path, planned):
    root = tmp_path / "site"
    export(root)
    before = _files(root)
    long_ago = (1_000_000_000, 1_000_000_000)
    for path in root.rglob("*"):
        os.utime(path, ns=long_ago)
    report = export(str(root))  # a str works as well as a Path
    assert report == ExportReport(written=(), unchanged=planned, removed=())
    assert _files(root) == before
    assert {path.stat().st_mtime_ns for path in root.rglob("*") if path.is_file()} == {long_ago[0]}


def test_the_report_names_what_changed_and_what_went(tmp_path):
    root = tmp_path / "site"
    published = export(root, base_url=BASE)
    assert "sitemap.xml" in published.written
    report = export(root)  # without the base URL: full pages change, the sitemap goes
    assert report.removed == ("changes.xml", "sitemap.xml")
    assert "acupuncture-for-back-pain/de/index.html" in report.written
    assert "manifest.json" in report.written
    assert "acupuncture-for-back-pain/de/guide.md" in report.unchanged  # no links in it
    assert not (root / "sitemap.xml").exists()
    # Each path is in exactly one list, and each list is sorted.
    lists = (report.written, report.unchanged, report.removed)
    assert all(list(paths) == sorted(paths) for paths in lists)
    assert sum(map(len, lists)) == len({*report.written, *report.unchanged, *report.removed})
    listed = json.loads((root / "manifest.json").read_text(encoding="utf-8"))["files"]
    assert {entry["path"] for entry in listed} | {"manifest.json"} == {
        *report.written,
        *report.unchanged,
    }


def test_the_report_is_a_frozen_model():
    report = ExportReport(written=("a",), unchanged=(), removed=())
    with pytest.raises(ValidationError):
        report.written = ()  # type: ignore[misc]
    assert ExportReport.model_validate_json(report.model_dump_json()) == report


def test_the_command_line_ends_with_the_report_s_counts(tmp_path, capsys, planned):
    root = tmp_path / "site"
    everything = len(planned) + 2  # and the sitemap and the feed
    assert main(["export", "--output", str(root), "--base-url", BASE]) == 0
    assert capsys.readouterr().out == f"wrote {everything}, unchanged 0, removed 0: {root}\n"
    assert main(["export", "--output", str(root), "--base-url", BASE]) == 0
    assert capsys.readouterr().out == f"wrote 0, unchanged {everything}, removed 0: {root}\n"
    assert main(["export", "--output", str(root)]) == 0
    written, unchanged = export(tmp_path / "python", base_url=BASE), export(tmp_path / "python")
    assert capsys.readouterr().out == (
        f"wrote {len(unchanged.written)}, unchanged {len(unchanged.unchanged)}, removed 2: {root}\n"
    )
    assert len(written.written) == len(planned) + 2  # the sitemap and the feed
    # The command line and the function write the same folder.
    assert _files(root) == _files(tmp_path / "python")


def test_the_command_line_calls_the_function(tmp_path, monkeypatch, capsys):
    calls = []

    def recording(output, **options):
        calls.append((output, options))
        return ExportReport(written=("manifest.json",), unchanged=("llms.txt",), removed=())

    monkeypatch.setattr("acupuncture_content._export.export", recording)
    assert main(["export", "--output", str(tmp_path), "--base-url", BASE]) == 0
    assert calls == [(tmp_path, {"base_url": BASE, "url": None})]
    assert capsys.readouterr().out == f"wrote 1, unchanged 1, removed 0: {tmp_path}\n"


@pytest.mark.parametrize(
    ("arguments", "error", "message"),
    [
        ((42,), TypeError, "export() argument 'output' must be a str or path, not int"),
        ((b"site",), TypeError, "export() argument 'output' must be a str or path, not bytes"),
        (("",), ValueError, "export() argument 'output' must name a folder (it is empty)"),
    ],
)
def test_a_bad_output_is_refused_before_anything_is_written(arguments, error, message):
    with pytest.raises(error) as caught:
        export(*arguments)
    assert str(caught.value) == message


@pytest.mark.parametrize(
    ("base_url", "error"),
    [("ftp://clinic.example/", ValueError), ("https://clinic.example", ValueError), (5, TypeError)],
)
def test_a_bad_base_url_is_refused_naming_the_argument(tmp_path, base_url, error):
    with pytest.raises(error, match=r"^export\(\) argument 'base_url' must be"):
        export(tmp_path / "site", base_url=base_url)
    assert not (tmp_path / "site").exists()


def test_a_clinic_s_own_page_is_never_overwritten_from_python_either(tmp_path):
    (tmp_path / "index.html").write_text("<p>Riverside Clinic</p>\n", encoding="utf-8")
    with pytest.raises(ContentError, match=r"index\.html exists and no earlier export wrote it"):
        export(tmp_path)
    assert _files(tmp_path) == {"index.html": b"<p>Riverside Clinic</p>\n"}


def test_export_is_public():
    assert acupuncture_content.export is export
    assert "export" in acupuncture_content.__all__
    assert "ExportReport" in acupuncture_content.__all__
