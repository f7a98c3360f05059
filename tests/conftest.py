from __future__ import annotations

import os
import tempfile

import pytest
from typer.testing import CliRunner

import pickdet
from pickdet.catalog import Catalog

# Keep the tests' catalogue cache out of the user's own cache directory.
os.environ.setdefault("PICKDET_CACHE_DIR", tempfile.mkdtemp(prefix="pickdet-test-cache-"))


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    return pickdet.load_catalog()


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()
