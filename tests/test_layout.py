"""The layout's rules (docs/design.md, "Layout"), checked by reading every
module's imports: the apps are floors of a house, each app's modules are
floors too, and no module imports one that imports it back.

Imports are read from the source (``ast``), function-level ones included: a
late import is still a dependency, and a circle hidden in a function is a
circle.
"""

import ast
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APPS = ("network", "focalpoints", "meetings", "newsletters")
# An app may import the apps on lower floors only.
FLOOR = {"network": 0, "focalpoints": 1, "meetings": 2, "newsletters": 2}
# The project's own modules name every app (DESIGN.md: settings, urls, the
# site-wide pages).
PROJECT_MODULES = {
    "network.settings",
    "network.urls",
    "network.pages",
    "network.wsgi",
    "network.asgi",
}
# Inside an app: urls → views / api → forms / filtersets / services → models → choices.
INNER_FLOOR = {
    "choices": 0,
    "models": 1,
    "forms": 2,
    "filtersets": 2,
    "services": 2,
    "selectors": 2,
    "views": 3,
    "api": 3,
    "urls": 4,
}


@cache
def modules():
    """Dotted name → path of every module of the four apps (migrations aside)."""
    found = {}
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            if "migrations" in parts:
                continue
            if parts[-1] == "__init__":
                parts = parts[:-1]
            found[".".join(parts)] = path
    return found


def _resolve(name):
    """The project module a dotted import name lands in, or None."""
    known = modules()
    while name and name not in known:
        name = name.rpartition(".")[0]
    return name or None


@cache
def imports_of(module):
    """The project modules ``module`` imports, anywhere in its code."""
    path = modules()[module]
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)] if node.level > 1 else base
                source = ".".join([*base, node.module] if node.module else base)
            else:
                source = node.module
            # ``from network.core import caching`` imports the module
            # network.core.caching; ``from network.models import Member`` the
            # module network.models.
            submodules = {f"{source}.{alias.name}" for alias in node.names}
            found = submodules & set(modules())
            names.update(found)
            if len(found) < len(submodules):
                names.add(source)
    resolved = {_resolve(name) for name in names}
    return frozenset(found for found in resolved if found and found != module)


def _inner_floor(module):
    parts = module.split(".")
    if len(parts) < 2:
        return None
    if parts[1] == "action_plans" and len(parts) > 2:
        return INNER_FLOOR.get(parts[2])
    return INNER_FLOOR.get(parts[1])


def test_the_layout_is_read_from_every_app():
    assert {"network.core.visibility", "focalpoints.services", "newsletters.services.sending"} <= (
        set(modules())
    )
    assert "network.core.visibility" in imports_of("focalpoints.models")


def test_apps_import_only_the_floors_below():
    wrong = [
        f"{module} imports {imported}"
        for module in sorted(modules())
        if module not in PROJECT_MODULES
        for imported in sorted(imports_of(module))
        if imported.split(".")[0] != module.split(".")[0]
        and FLOOR[imported.split(".")[0]] >= FLOOR[module.split(".")[0]]
    ]
    assert wrong == []


def test_inside_an_app_imports_run_down_the_floors():
    wrong = []
    for module in sorted(modules()):
        floor = _inner_floor(module)
        if floor is None:
            continue
        for imported in sorted(imports_of(module)):
            same_app = imported.split(".")[0] == module.split(".")[0]
            imported_floor = _inner_floor(imported)
            if same_app and imported_floor is not None and imported_floor > floor:
                wrong.append(f"{module} imports {imported}")
    assert wrong == []


def _circles():
    """Groups of modules that import one another (Tarjan's strongly connected
    components of the import graph)."""
    index, low, on_stack, stack, circles = {}, {}, set(), [], []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in imports_of(node):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                circles.append(sorted(group))

    for module in sorted(modules()):
        if module not in index:
            visit(module)
    return circles


def test_no_module_imports_one_that_imports_it_back():
    assert _circles() == []


@pytest.mark.parametrize(
    ("source", "module", "expected"),
    [
        ("from network.core import caching\n", "network.pages", {"network.core.caching"}),
        ("from .models import Person\n", "focalpoints.views", {"focalpoints.models"}),
    ],
)
def test_imports_are_resolved_to_modules(tmp_path, monkeypatch, source, module, expected):
    """The checker sees what it must see (else the tests above prove nothing)."""
    path = tmp_path / "probe.py"
    path.write_text(source)
    monkeypatch.setitem(modules(), module, path)
    imports_of.cache_clear()
    try:
        assert imports_of(module) == expected
    finally:
        imports_of.cache_clear()


# DESIGN.md: no file over about 500 lines without a reason written at its top.
LONG_FILE_LINES = 500


def test_a_long_module_says_at_its_top_why_it_is_one_file():
    unexplained = []
    for name, path in sorted(modules().items()):
        source = path.read_text()
        if source.count("\n") <= LONG_FILE_LINES:
            continue
        docstring = ast.get_docstring(ast.parse(source)) or ""
        if "Length:" not in docstring:
            unexplained.append(f"{name} ({source.count(chr(10))} lines)")
    assert unexplained == [], (
        "Over 500 lines with no 'Length:' paragraph in the module docstring saying "
        "why it stays one file (or split it): " + ", ".join(unexplained)
    )
