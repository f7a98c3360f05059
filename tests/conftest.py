from __future__ import annotations

import pytest
from typer.testing import CliRunner

import pickdet
from pickdet.catalog import Catalog


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    return pickdet.load_catalog()


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()
