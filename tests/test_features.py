"""Every scenario under features/, run by the zhice step library under both matchers.

One ``scenarios()`` binding of the whole features/ folder. A step without a definition fails
(pytest-bdd raises StepDefinitionNotFoundError inside the test), and every feature file must be
well formed: at least one scenario, unique scenario names, and a 那么/Then step in each scenario
(``zhice.bdd.feature_problems``), so nothing counts as passed unless its steps ran.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from pytest_bdd import scenarios

from zhice.bdd import feature_files, feature_problems
from zhice.matchers import MATCHERS, durable_available

FEATURES = Path(__file__).resolve().parent.parent / "features"
AVAILABLE = [m for m in MATCHERS if m != "durable" or durable_available()]

scenarios(str(FEATURES))


@pytest.fixture(autouse=True)
def zhice_matcher(request: pytest.FixtureRequest) -> str:
    """Overridden per scenario by ``pytest_generate_tests`` below; plain tests get the default."""
    return request.config.getoption("--zhice-matcher", None) or AVAILABLE[0]


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Run every scenario once per matcher: the two must agree on every feature."""
    if "_pytest_bdd_example" in metafunc.fixturenames:
        metafunc.parametrize("zhice_matcher", AVAILABLE)


def test_both_matchers_are_exercised() -> None:
    assert "compiled" in AVAILABLE
    if durable_available():
        assert "durable" in AVAILABLE


@pytest.mark.parametrize("path", feature_files([FEATURES]), ids=lambda p: str(p.relative_to(FEATURES)))
def test_feature_file_is_well_formed(path: Path) -> None:
    problems = feature_problems(path)
    assert not problems, f"{path}:\n" + "\n".join(f"  - {p}" for p in problems)
