"""Publishing: the release workflow, its tag check, and the development tools' groups.

The workflow itself runs only on GitHub; what can be checked here is checked: its shape
(``actionlint`` checks its syntax and scripts in .ci/run), the tag check it runs, and that
the tools for working on the package live in dependency groups, which every documented
command names, rather than in extras that the published metadata would advertise.
"""

from __future__ import annotations

import io
import re
import subprocess
import sys
import tarfile
import tomllib
import zipfile
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).parent.parent
WORKFLOW_PATH = ROOT / ".github" / "workflows" / "release.yml"
WORKFLOW_TEXT = WORKFLOW_PATH.read_text(encoding="utf-8")
WORKFLOW = yaml.safe_load(WORKFLOW_TEXT)
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
TOOL = ROOT / "tools" / "release_version.py"
#: Every file that tells someone how to install the package for work on it.
INSTRUCTIONS = [
    ROOT / "README.md",
    ROOT / "CONTRIBUTING.md",
    ROOT / "noxfile.py",
    ROOT / ".ci" / "run",
    ROOT / ".pre-commit-config.yaml",
    WORKFLOW_PATH,
    *sorted((ROOT / "docs").glob("*.md")),
]


def _metadata(name: str, version: str) -> str:
    return f"Metadata-Version: 2.4\nName: {name}\nVersion: {version}\n\nThe README.\n"


def _distributions(
    folder: Path,
    *,
    wheel_version: str = "1.2.0",
    sdist_version: str = "1.2.0",
    name: str = "acupuncture-content",
) -> Path:
    """A wheel and an sdist as ``python -m build`` names them, holding only their metadata."""
    folder.mkdir()
    with zipfile.ZipFile(
        folder / f"acupuncture_content-{wheel_version}-py3-none-any.whl", "w"
    ) as wheel:
        wheel.writestr("acupuncture_content/__init__.py", "")
        wheel.writestr(
            f"acupuncture_content-{wheel_version}.dist-info/METADATA",
            _metadata(name, wheel_version),
        )
    base = f"acupuncture_content-{sdist_version}"
    with tarfile.open(folder / f"{base}.tar.gz", "w:gz") as sdist:
        for member, text in [
            (f"{base}/PKG-INFO", _metadata(name, sdist_version)),
            # A PKG-INFO deeper down is not the sdist's own.
            (f"{base}/src/other.egg-info/PKG-INFO", _metadata("other", "9.9.9")),
        ]:
            data = text.encode()
            info = tarfile.TarInfo(member)
            info.size = len(data)
            sdist.addfile(info, io.BytesIO(data))
    return folder


def _check(tag: str, folder: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(TOOL), "--tag", tag, str(folder)],
        capture_output=True,
        text=True,
        check=False,
    )


# The tag check -------------------------------------------------------------------------


@pytest.mark.parametrize("version", ["1.2.0", "0.4.0.dev1"])
def test_a_tag_that_names_the_distributions_version_passes(tmp_path, version):
    folder = _distributions(tmp_path / "dist", wheel_version=version, sdist_version=version)
    result = _check(f"v{version}", folder)
    assert (result.returncode, result.stdout, result.stderr) == (0, f"{version}\n", "")


@pytest.mark.parametrize("tag", ["v1.2.1", "1.2.0", "v1.2", "v1.2.0.dev0", "release-1.2.0"])
def test_a_tag_that_names_another_version_is_refused(tmp_path, tag):
    result = _check(tag, _distributions(tmp_path / "dist"))
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr == (
        f"release_version: tag {tag!r} does not name the version the distributions carry: "
        f"1.2.0 (tag it v1.2.0, or set project.version to {tag.removeprefix('v')})\n"
    )


def test_a_wheel_and_an_sdist_of_different_versions_are_refused(tmp_path):
    folder = _distributions(tmp_path / "dist", wheel_version="1.2.0", sdist_version="1.2.1")
    result = _check("v1.2.0", folder)
    assert result.returncode == 1
    assert result.stderr == (
        "release_version: the distributions disagree: "
        "acupuncture_content-1.2.0-py3-none-any.whl says 1.2.0, "
        "acupuncture_content-1.2.1.tar.gz says 1.2.1\n"
    )


def test_anything_besides_one_wheel_and_one_sdist_is_refused(tmp_path):
    # The publish step uploads the whole folder: a stray file would be published too.
    folder = _distributions(tmp_path / "dist")
    (folder / "notes.txt").write_text("x", encoding="utf-8")
    result = _check("v1.2.0", folder)
    assert result.returncode == 1
    assert "expected one wheel and one sdist, found " in result.stderr
    assert "notes.txt" in result.stderr
    assert _check("v1.2.0", tmp_path / "missing").returncode == 1
    empty = tmp_path / "empty"
    empty.mkdir()
    assert _check("v1.2.0", empty).stderr.endswith(
        "expected one wheel and one sdist, found nothing\n"
    )


def test_distributions_of_another_project_are_refused(tmp_path):
    result = _check("v1.2.0", _distributions(tmp_path / "dist", name="acupuncture-contents"))
    assert result.returncode == 1
    assert "a distribution of 'acupuncture-contents', not acupuncture-content" in result.stderr


# The workflow --------------------------------------------------------------------------


def _steps(job: str) -> list[dict[str, object]]:
    return WORKFLOW["jobs"][job]["steps"]


def _runs(job: str) -> str:
    return "\n".join(str(step.get("run", "")) for step in _steps(job))


def _uses(job: str) -> list[str]:
    return [str(step["uses"]).split("@")[0] for step in _steps(job) if "uses" in step]


def test_the_workflow_runs_for_a_pushed_version_tag_only():
    # PyYAML reads the key `on` as True (YAML 1.1); GitHub reads it as "on".
    assert WORKFLOW[True] == {"push": {"tags": ["v*"]}}


def test_every_action_is_pinned_to_a_full_commit_sha_with_its_release_in_a_comment():
    uses = re.findall(r"^\s*(?:- )?uses: (\S+)(.*)$", WORKFLOW_TEXT, flags=re.MULTILINE)
    assert len(uses) == 9
    for action, comment in uses:
        assert re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", action), action
        assert re.fullmatch(r" # v\d+\.\d+\.\d+", comment), (action, comment)


def test_only_the_publish_job_may_mint_an_identity_token_and_only_in_the_pypi_environment():
    assert WORKFLOW["permissions"] == {}
    jobs = WORKFLOW["jobs"]
    assert {name: job["permissions"] for name, job in jobs.items()} == {
        "build": {"contents": "read"},
        "test": {"contents": "read"},
        "publish": {"id-token": "write", "attestations": "write"},
    }
    assert jobs["publish"]["environment"]["name"] == "pypi"
    assert "environment" not in jobs["build"]
    assert "environment" not in jobs["test"]
    # The job that can publish runs no code from the repository.
    assert "actions/checkout" not in _uses("publish")
    assert all("run" not in step for step in _steps("publish"))


def test_the_distributions_are_built_once_and_checked_before_anything_is_published():
    jobs = WORKFLOW["jobs"]
    assert _runs("build").count("python -m build") == 1
    assert "python -m build" not in _runs("test") + _runs("publish")
    assert "python -m twine check --strict dist/*" in _runs("build")
    assert 'python tools/release_version.py --tag "$TAG" dist' in _runs("build")
    tag_step = next(step for step in _steps("build") if "release_version.py" in step.get("run", ""))
    assert tag_step["env"] == {"TAG": "${{ github.ref_name }}"}
    assert jobs["test"]["needs"] == "build"
    assert jobs["publish"]["needs"] == ["build", "test"]
    assert "python -m pip install dist/*.whl --group test" in _runs("test")
    assert _uses("publish") == [
        "actions/download-artifact",
        "actions/attest-build-provenance",
        "pypa/gh-action-pypi-publish",
    ]
    attest, publish = _steps("publish")[1:]
    assert attest["with"] == {"subject-path": "dist/*"}
    assert publish["with"] == {"attestations": True}
    assert "password" not in publish["with"]


def test_the_workflow_checks_out_without_keeping_the_token():
    for job in ("build", "test"):
        (checkout,) = [
            step
            for step in _steps(job)
            if str(step.get("uses", "")).startswith("actions/checkout@")
        ]
        assert checkout["with"] == {"persist-credentials": False}


# Development tools: dependency groups, not extras -------------------------------------


def test_the_published_metadata_offers_no_extras():
    assert "optional-dependencies" not in PYPROJECT["project"]
    assert set(PYPROJECT["dependency-groups"]) == {"release", "lint", "test", "docs", "dev"}


@pytest.mark.parametrize("path", INSTRUCTIONS, ids=lambda path: path.relative_to(ROOT).as_posix())
def test_no_instruction_installs_an_extra_and_every_group_named_exists(path):
    text = path.read_text(encoding="utf-8")
    assert not re.findall(r"\.\[\w+(?:,\w+)*\]", text)
    for group in re.findall(r"--group (?:[^\s:]+:)?([\w-]+)", text):
        assert group in PYPROJECT["dependency-groups"], (path.name, group)
    for group in re.findall(r'dependency_groups\(PYPROJECT, "([\w-]+)"\)', text):
        assert group in PYPROJECT["dependency-groups"], (path.name, group)


def test_ci_runs_the_readme_s_test_command():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    (pattern,) = re.findall(r'test_command=\$\(grep -m1 -F "([^"]+)" README.md\)', ci)
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    (command,) = [line for line in readme.splitlines() if pattern in line]
    assert command == (
        "python3 -m venv .venv && . .venv/bin/activate && "
        "pip install --upgrade 'pip>=25.1' && pip install -e . --group test && pytest"
    )


# The release checklist -----------------------------------------------------------------


def _nox_sessions() -> set[str]:
    noxfile = (ROOT / "noxfile.py").read_text(encoding="utf-8")
    return set(re.findall(r"^@nox\.session(?:\(.*\))?\ndef (\w+)\(", noxfile, flags=re.MULTILINE))


@pytest.mark.parametrize(
    "path",
    [ROOT / "README.md", ROOT / "CONTRIBUTING.md", *sorted((ROOT / "docs").glob("*.md"))],
    ids=lambda path: path.relative_to(ROOT).as_posix(),
)
def test_every_nox_session_a_page_names_exists(path):
    sessions = _nox_sessions()
    text = path.read_text(encoding="utf-8")
    for command in re.findall(r"`nox -s ([\w .-]+?)(?: --[^`]*)?`", text):
        for name in command.split():
            assert re.sub(r"-3\.\d+$", "", name) in sessions, (path.name, name)


def test_the_release_checklist_checks_the_catalogs_and_ends_by_publishing():
    page = (ROOT / "docs" / "versioning.md").read_text(encoding="utf-8")
    checklist = page.split("## Cutting a release\n", 1)[1].split("\n## ", 1)[0]
    steps = re.findall(r"^\d+\. (.*?)(?=^\d+\. |^\n)", checklist, flags=re.MULTILINE | re.DOTALL)
    first, last = " ".join(steps[0].split()), " ".join(steps[-1].split())
    # Step 1 checks; `nox -s catalogs` would rewrite the catalogs being released.
    assert "`nox -s tests lint actionlint types docs catalogs_check`" in first
    assert {"tests", "lint", "actionlint", "types", "docs", "catalogs_check"} <= _nox_sessions()
    assert last.startswith("Publish: tag the release commit")
    assert ".github/workflows/release.yml" in last
