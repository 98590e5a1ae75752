"""The wheel carries the templates, the typing marker and the console script."""

import subprocess
import sys
import zipfile

import pytest

from conftest import ROOT


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    out = tmp_path_factory.mktemp("dist")
    subprocess.run([sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(out), str(ROOT)],
                   check=True, capture_output=True)
    (path,) = out.glob("newsroom_exporters-*.whl")
    return zipfile.ZipFile(path)


def test_templates_ship_inside_the_package(wheel):
    names = wheel.namelist()
    shipped = {name.split("/", 2)[1:] and name for name in names if name.startswith("exporters/templates/")}
    repository = {f"exporters/templates/{p.relative_to(ROOT / 'templates').as_posix()}"
                  for p in (ROOT / "templates").rglob("*") if p.is_file() and "__pycache__" not in p.parts}
    assert repository and repository <= shipped


def test_typing_marker_and_entry_point(wheel):
    names = wheel.namelist()
    assert "exporters/py.typed" in names
    (entry_points,) = [n for n in names if n.endswith("entry_points.txt")]
    assert "exporters = exporters.__main__:run" in wheel.read(entry_points).decode()


def test_distribution_name_and_licence(wheel):
    (metadata,) = [n for n in wheel.namelist() if n.endswith("METADATA")]
    text = wheel.read(metadata).decode()
    assert "Name: newsroom-exporters" in text
    assert "AGPL-3.0-or-later" in text


def test_every_import_of_the_html_reader_is_a_declared_dependency():
    """trafilatura needs lxml.html.clean, which lxml moved to the lxml_html_clean project."""
    import tomllib

    declared = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    assert any(requirement.startswith("lxml_html_clean") for requirement in declared)
    import lxml.html.clean  # noqa: F401  (fails when the split-out project is missing)


def test_scraped_page_labels_ship_inside_the_package(wheel):
    """The reader's labels file is data a newsroom edits; an installed wheel must carry it."""
    from exporters.page_labels import LABELS_FILE

    assert LABELS_FILE.relative_to(ROOT / "src").as_posix() == "exporters/data/scraped-labels.toml"
    assert wheel.read("exporters/data/scraped-labels.toml") == LABELS_FILE.read_bytes()


def test_firago_ships_inside_the_package_with_its_licence(wheel):
    """The PDF reads its text face from files beside its code, not from another package."""
    from exporters.formats.pdf.fonts import FIRAGO_FOLDER

    folder = FIRAGO_FOLDER.relative_to(ROOT / "src").as_posix()
    for name in ("FiraGO-Regular.ttf", "FiraGO-Bold.ttf", "FiraGO-Italic.ttf", "FiraGO-BoldItalic.ttf"):
        assert wheel.read(f"{folder}/{name}") == (FIRAGO_FOLDER / name).read_bytes()
    assert b"SIL Open Font License" in wheel.read(f"{folder}/OFL.txt")


def test_the_wheel_carries_the_digest_of_its_own_files(wheel, tmp_path):
    """The resume journal's code digest: read from the wheel, equal to what the checkout's files hash to,
    and changed by any change of a module, a data file or a template."""
    from exporters.jobs.code_digest import FILE_NAME, package_digest, tree_digest
    from exporters.jobs.manifest import code_digest

    carried = wheel.read(f"exporters/{FILE_NAME}").decode("ascii").strip()
    assert carried == code_digest() == tree_digest([(ROOT / "src" / "exporters", ""), (ROOT / "templates", "templates/")])
    package = tmp_path / "site-packages" / "exporters"
    wheel.extractall(tmp_path / "site-packages", [name for name in wheel.namelist() if name.startswith("exporters/")])
    templates = package / "templates"
    assert package_digest(package, templates) == carried, "an installed wheel reads its digest"
    assert tree_digest([(package, "")]) == carried, "and the digest is that of the files it installed"
    for changed in (package / "cli.py", next(templates.rglob("*.css"))):
        original = changed.read_bytes()
        changed.write_bytes(original + b"\n")
        assert tree_digest([(package, "")]) != carried
        changed.write_bytes(original)
