"""The MCP server's safety policy: paths inside the roots only, symlinks resolved, no writes
unless --allow-write (trimtab/mcp_server/roots.py)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from trimtab.errors import Problem
from trimtab.mcp_server.roots import Roots


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """root/ with a household inside; secret.yaml outside; a symlink each way."""
    root = tmp_path / "root"
    (root / "smith").mkdir(parents=True)
    (root / "smith" / "household.yaml").write_text("format: trimtab.household/1\n")
    (tmp_path / "secret.yaml").write_text("secret\n")
    (root / "escape.yaml").symlink_to(tmp_path / "secret.yaml")
    (tmp_path / "alias").symlink_to(root)
    return tmp_path


def kind(found: Path | Problem) -> str:
    return found.kind if isinstance(found, Problem) else "ok"


def test_a_relative_path_is_joined_to_the_first_root(tree: Path) -> None:
    roots = Roots.of((tree / "root",))
    assert roots.path("smith/household.yaml", "household") == tree / "root/smith/household.yaml"


def test_the_default_root_keeps_a_relative_path_as_written() -> None:
    # the default root is `.`: the documents name the file as the command line would
    assert Roots.of().path("examples/household.yaml", "household") == Path(
        "examples/household.yaml"
    )


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("smith/household.yaml", "ok"),
        ("smith/../smith/household.yaml", "ok"),
        ("../secret.yaml", "outside_root"),  # climbs out
        ("escape.yaml", "outside_root"),  # a symlink inside pointing outside
        ("", "empty_path"),
    ],
)
def test_paths_inside_and_outside(tree: Path, given: str, expected: str) -> None:
    assert kind(Roots.of((tree / "root",)).path(given, "household")) == expected


def test_an_absolute_path_outside_is_refused_with_the_argument_named(tree: Path) -> None:
    found = Roots.of((tree / "root",)).path(str(tree / "secret.yaml"), "trades")
    assert isinstance(found, Problem)
    assert (found.kind, found.field, found.source.line) == ("outside_root", "trades", 0)
    assert str(tree / "root") in found.expected


def test_a_root_reached_through_a_symlink_is_the_same_root(tree: Path) -> None:
    roots = Roots.of((tree / "alias",))
    assert kind(roots.path(str(tree / "root" / "smith" / "household.yaml"), "household")) == "ok"


def test_several_roots(tree: Path) -> None:
    (tree / "other").mkdir()
    roots = Roots.of((tree / "root", tree / "other"))
    assert kind(roots.path(str(tree / "other" / "x.yaml"), "household")) == "ok"
    assert kind(roots.path(str(tree / "secret.yaml"), "household")) == "outside_root"


def test_writing_needs_allow_write_and_a_folder_inside(tree: Path) -> None:
    assert kind(Roots.of((tree / "root",)).output("out", "out")) == "write_not_allowed"
    writer = Roots.of((tree / "root",), allow_write=True)
    assert writer.output("out", "out") == tree / "root" / "out"
    assert kind(writer.output(str(tree / "elsewhere"), "out")) == "outside_root"


SEGMENTS = st.sampled_from(["smith", "..", ".", "escape.yaml", "alias", "household.yaml", "x"])


@pytest.fixture(scope="module")
def fixed_tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """root/ with smith/household.yaml; root/escape.yaml and root/alias point outside."""
    base = tmp_path_factory.mktemp("roots")
    (base / "root" / "smith").mkdir(parents=True)
    (base / "root" / "smith" / "household.yaml").write_text("x\n")
    (base / "secret.yaml").write_text("secret\n")
    (base / "root" / "escape.yaml").symlink_to(base / "secret.yaml")
    (base / "root" / "alias").symlink_to(base)
    return base


@given(segments=st.lists(SEGMENTS, min_size=1, max_size=6), absolute=st.booleans())
@example(segments=["alias", "secret.yaml"], absolute=False)  # through a symlinked folder
@example(segments=["smith", "..", "..", "secret.yaml"], absolute=False)
def test_no_path_given_resolves_outside_the_root(
    fixed_tree: Path, segments: list[str], absolute: bool
) -> None:
    root = fixed_tree / "root"
    given = "/".join(segments)
    if absolute:
        given = f"{root}/{given}"
    found = Roots.of((root,)).path(given, "household")
    real = Path(os.path.realpath(root / given))
    if isinstance(found, Problem):
        assert found.kind == "outside_root"
        assert not real.is_relative_to(root.resolve())
    else:
        assert Path(os.path.realpath(found)).is_relative_to(root.resolve())
