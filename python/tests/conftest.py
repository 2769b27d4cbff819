"""Fixtures: the CLI binary to compare with (VNPLAN_BIN, set by tests/python.rs) and its output."""

import os
import pathlib
import subprocess

import pytest

REPO = pathlib.Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def vnplan_bin() -> str:
    path = os.environ.get("VNPLAN_BIN")
    if not path:
        for candidate in ("target/release/vnplan", "target/debug/vnplan"):
            if (REPO / candidate).is_file():
                path = str(REPO / candidate)
                break
    if not path or not os.path.isfile(path):
        pytest.fail("set VNPLAN_BIN to the vnplan binary to compare with (cargo build --release)")
    return path


@pytest.fixture(scope="session")
def cli_lines(vnplan_bin: str) -> list[bytes]:
    """`vnplan extract corpus/` run from the repository root: one line per corpus file."""
    out = subprocess.run([vnplan_bin, "extract", "--quiet", "corpus/"], cwd=REPO, capture_output=True, check=True)
    lines = out.stdout.splitlines(keepends=True)
    assert len(lines) >= 25, f"the corpus and its samples: {len(lines)} records"
    return lines
