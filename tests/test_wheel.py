"""The built wheel carries a compiled catalog and review sidecar for every locale."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from acupuncture_content import available_locales

ROOT = Path(__file__).parent.parent


@pytest.mark.build
def test_wheel_contains_every_compiled_catalog(tmp_path):
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--quiet",
            "--wheel-dir",
            str(tmp_path),
            str(ROOT),
        ],
        check=True,
    )
    (wheel,) = tmp_path.glob("acupuncture_content-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        for tag in set(available_locales()) - {"en"}:
            folder = f"acupuncture_content/locales/{tag.replace('-', '_')}/LC_MESSAGES"
            assert f"{folder}/acupuncture_content.mo" in names, tag
            review = json.loads(archive.read(f"{folder}/acupuncture_content.json"))
            assert review == {"reviewed": False}
        for tag in available_locales():
            assert (
                f"acupuncture_content/_precomputed/acupuncture-for-back-pain/{tag.replace('-', '_')}.json"
                in names
            )
        assert "acupuncture_content/py.typed" in names
        assert "acupuncture_content/content/acupuncture-for-back-pain.md" in names
        assert not any(name.endswith(".po") or name.startswith("locales/") for name in names)
