"""The shape the code keeps: views are thin (no session, no SQL), services never commit."""

import ast
from pathlib import Path

import pytest

LMS = Path(__file__).resolve().parents[1] / "lms"
VIEW_MODULES = sorted(p for p in LMS.rglob("*.py") if p.name == "views.py"
                      or p.name.endswith("_views.py"))


def _is_db_session(node):
    return (isinstance(node, ast.Attribute) and node.attr == "session"
            and getattr(node.value, "id", None) == "db")


def _is_call_to(node, names):
    return isinstance(node, ast.Call) and getattr(node.func, "id", None) in names


def _uses(path, names):
    """Lines of `path` that use db.session or call one of `names` (select, ...)."""
    return [node.lineno for node in ast.walk(ast.parse(path.read_text()))
            if _is_db_session(node) or _is_call_to(node, names)]


@pytest.mark.parametrize("path", VIEW_MODULES, ids=lambda p: str(p.relative_to(LMS)))
def test_views_hold_no_session_and_no_sql(path):
    assert _uses(path, {"select", "update", "delete", "insert"}) == []


def test_every_view_module_is_checked():
    assert len(VIEW_MODULES) >= 15


# Where a use case ends: the helper views call, command-line commands, the demo and benches.
COMMITTERS = {LMS / "core" / "use_case.py", LMS / "demo.py"}


def _commits(path):
    return [node.lineno for node in ast.walk(ast.parse(path.read_text()))
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
            and node.func.attr == "commit" and getattr(node.func.value, "attr", None) == "session"]


SERVICE_MODULES = sorted(
    p for p in LMS.rglob("*.py")
    if p not in COMMITTERS and p not in VIEW_MODULES and p.name != "cli.py"
    and "bench" not in p.relative_to(LMS).parts)


@pytest.mark.parametrize("path", SERVICE_MODULES, ids=lambda p: str(p.relative_to(LMS)))
def test_services_flush_and_never_commit(path):
    assert _commits(path) == []
