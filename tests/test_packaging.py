"""Wheel and sdist: contents, metadata checks, and installs into fresh environments.

These build the package and install it into new virtual environments outside the
repository, so they catch files missing from a distribution (catalogs, precomputed
guides, content). They need the network for build dependencies; deselect them with
``-m "not build"`` when offline.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
import tarfile
import tomllib
import zipfile
from email.parser import HeaderParser
from pathlib import Path

import pytest
from packaging.requirements import Requirement

from acupuncture_content import __version__

ROOT = Path(__file__).parent.parent
GOLDEN = ROOT / "tests" / "golden" / "acupuncture-for-back-pain"
FORMATS = {
    "fragment.html": ("html", {}),
    "document.html": ("html", {"full_document": True}),
    "guide.md": ("markdown", {}),
    "guide.txt": ("text", {}),
    "guide.json": ("json", {}),
}

pytestmark = pytest.mark.build

# Run inside the fresh environment: render every locale in every format, from a
# directory outside the repository, and print their SHA-256 digests.
PROBE = """
import hashlib, json, sys
import acupuncture_content
from acupuncture_content import available_locales, load_guide, render
formats = json.loads(sys.argv[1])
assert "site-packages" in acupuncture_content.__file__, acupuncture_content.__file__
digests = {}
for locale in available_locales():
    guide = load_guide(locale=locale, fallback=False)
    for name, (format_name, options) in formats.items():
        # Golden files write the JSON-LD version as VERSION (tests/helpers.py).
        output = render(guide, format_name, **options).replace(
            f'"version":"{acupuncture_content.__version__}"', '"version":"VERSION"'
        )
        digests[f"{locale}/{name}"] = hashlib.sha256(output.encode()).hexdigest()
print(json.dumps({"version": acupuncture_content.__version__, "digests": digests}))
"""


@pytest.fixture(scope="module")
def distributions(tmp_path_factory) -> dict[str, Path]:
    outdir = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "build", "--outdir", str(outdir), str(ROOT)],
        check=True,
        capture_output=True,
    )
    (wheel,) = outdir.glob("*.whl")
    (sdist,) = outdir.glob("*.tar.gz")
    return {"wheel": wheel, "sdist": sdist}


def test_distribution_names_carry_the_version(distributions):
    assert distributions["wheel"].name == f"acupuncture_content-{__version__}-py3-none-any.whl"
    assert distributions["sdist"].name == f"acupuncture_content-{__version__}.tar.gz"


def test_twine_and_check_wheel_contents_pass(distributions):
    subprocess.run(
        [sys.executable, "-m", "twine", "check", "--strict", *map(str, distributions.values())],
        check=True,
        capture_output=True,
    )
    subprocess.run(
        [sys.executable, "-m", "check_wheel_contents", str(distributions["wheel"])],
        check=True,
        capture_output=True,
    )


def test_wheel_holds_only_the_package_and_metadata(distributions):
    with zipfile.ZipFile(distributions["wheel"]) as archive:
        names = archive.namelist()
    top_level = {name.split("/", 1)[0] for name in names}
    assert top_level == {"acupuncture_content", f"acupuncture_content-{__version__}.dist-info"}
    assert "acupuncture_content/py.typed" in names
    assert "acupuncture_content/guide.css" in names
    assert "acupuncture_content/_history.json" in names  # the release history (_history.py)
    licenses = f"acupuncture_content-{__version__}.dist-info/licenses"
    assert {f"{licenses}/LICENSE", f"{licenses}/NOTICE"} <= set(names)
    assert not [
        name for name in names if name.endswith((".po", ".pot", ".pyc")) or "/tests/" in name
    ]


def test_sdist_holds_the_sources_and_no_build_outputs(distributions):
    with tarfile.open(distributions["sdist"]) as archive:
        names = {name.split("/", 1)[1] for name in archive.getnames() if "/" in name}
    expected = {
        "README.md",
        "CHANGELOG.md",
        "pyproject.toml",
        "hatch_build.py",
        "babel.cfg",
        "LICENSE",
        "NOTICE",
        "CONTRIBUTING.md",
        "noxfile.py",
        "tools/catalogs.py",
        "tools/release_version.py",
        ".github/workflows/release.yml",
        ".ci/run",
        "locales/acupuncture_content.pot",
        "locales/acupuncture-for-back-pain.pot",
        "locales/glossary.tbx",
        "docs/index.md",
        "tests/test_api.py",
        "tests/golden/acupuncture-for-back-pain/en/guide.txt",
        "src/acupuncture_content/content/acupuncture-for-back-pain.md",
    }
    expected |= {
        f"locales/{folder}/LC_MESSAGES/{domain}.po"
        for folder in sorted(path.name for path in (ROOT / "locales").iterdir() if path.is_dir())
        for domain in ("acupuncture_content", "acupuncture-for-back-pain")
    }
    assert expected <= names
    outputs = [
        name
        for name in names
        if name.endswith(".mo")
        or "_precomputed/" in name
        or name.startswith(("dist/", "site/"))
        or "__pycache__" in name
        or ".hypothesis" in name
    ]
    assert outputs == []


def _golden_digests() -> dict[str, str]:
    return {
        f"{path.parent.name}/{path.name}": hashlib.sha256(path.read_bytes()).hexdigest()
        for path in GOLDEN.glob("*/*")
        if path.name in FORMATS
    }


def test_the_metadata_says_the_article_is_not_under_the_code_s_license(distributions):
    with zipfile.ZipFile(distributions["wheel"]) as archive:
        metadata = archive.read(f"acupuncture_content-{__version__}.dist-info/METADATA").decode()
    assert "License-Expression: MIT AND LicenseRef-Article-All-Rights-Reserved" in metadata
    assert "License-File: NOTICE" in metadata
    # The README, as the description: its sentence may wrap anywhere.
    assert "not covered by the code's MIT License" in " ".join(metadata.split())


def test_the_metadata_names_the_runtime_dependencies_and_no_extras(distributions):
    # The tools for working on the package are dependency groups (pyproject.toml), which
    # are not published: an app that installs the package is not offered Django or
    # Playwright as extras.
    with zipfile.ZipFile(distributions["wheel"]) as archive:
        wheel = archive.read(f"acupuncture_content-{__version__}.dist-info/METADATA").decode()
    with tarfile.open(distributions["sdist"]) as archive:
        member = archive.extractfile(f"acupuncture_content-{__version__}/PKG-INFO")
        assert member is not None
        sdist = member.read().decode()
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    for metadata in (wheel, sdist):
        headers = HeaderParser().parsestr(metadata)
        assert headers.get_all("Provides-Extra") is None
        assert {Requirement(line) for line in headers.get_all("Requires-Dist")} == {
            Requirement(line) for line in project["dependencies"]
        }


def test_the_release_workflow_s_tag_check_accepts_these_distributions(distributions, tmp_path):
    folder = tmp_path / "dist"
    folder.mkdir()
    for path in distributions.values():
        (folder / path.name).write_bytes(path.read_bytes())
    tool = [sys.executable, str(ROOT / "tools" / "release_version.py"), "--tag"]
    result = subprocess.run(
        [*tool, f"v{__version__}", str(folder)], capture_output=True, text=True, check=False
    )
    assert (result.returncode, result.stdout) == (0, f"{__version__}\n")
    wrong = subprocess.run(
        [*tool, "v0.0.1", str(folder)], capture_output=True, text=True, check=False
    )
    assert wrong.returncode == 1
    assert f"the distributions carry: {__version__}" in wrong.stderr


@pytest.mark.parametrize("kind", ["wheel", "sdist"])
def test_installed_distribution_renders_every_locale_like_the_golden_files(
    distributions, kind, tmp_path
):
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = venv / "bin" / "python"
    subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", str(distributions[kind])],
        check=True,
        capture_output=True,
    )
    result = subprocess.run(
        [str(python), "-c", PROBE, json.dumps(FORMATS)],
        cwd=tmp_path,
        check=True,
        capture_output=True,
        text=True,
    )
    report = json.loads(result.stdout)
    assert report["version"] == __version__
    assert report["digests"] == _golden_digests()
    cli = subprocess.run(
        [str(venv / "bin" / "acupuncture-content"), "locales"],
        cwd=tmp_path,
        check=True,
        capture_output=True,
        text=True,
    )
    assert len(cli.stdout.splitlines()) == 12
