"""Everyday inputs and options a new user tries in the first hour: each works, or fails with one
line that names the source (the sidecar, --meta, -O) and the field, and exit 2."""

from __future__ import annotations

import json
import re
import shutil

import pytest

from exporters import api
from test_cli import ARTICLES, FULL, SEED, one_line, run


@pytest.fixture
def seed_with_bad_date(tmp_path):
    page = tmp_path / SEED.name
    shutil.copy(SEED, page)
    sidecar = SEED.with_name(SEED.stem + ".meta.yaml").read_text(encoding="utf-8")
    lines = ["published: 2018-13-45" if line.startswith("published:") else line for line in sidecar.splitlines()]
    (tmp_path / (SEED.stem + ".meta.yaml")).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return page


def test_an_impossible_date_in_a_sidecar_names_the_sidecar_and_the_field(seed_with_bad_date, tmp_path):
    result = run("export", seed_with_bad_date, "--format", "txt", "-o", tmp_path / "out")
    assert result.returncode == 2
    line = one_line(result)
    assert line.startswith(f"exporters: {seed_with_bad_date.with_name(SEED.stem + '.meta.yaml')}: $.published: ")
    assert "internal error" not in line


@pytest.mark.parametrize("argv, expected", [
    (["--meta", "published=2018-13-45"], "exporters: --meta: published: invalid RFC3339 encoded datetime"),
    (["--meta", "pubstatus=held"], "exporters: --meta: pubstatus: invalid enum value 'held'; expected one of usable, withheld, canceled"),
    (["--meta", "rights.owner=AP"], "exporters: --meta: rights.owner: unknown field 'owner'; fields of rights: "),
    (["-O", "txt.wrap=-5"], "exporters: -O txt.wrap=-5: expected an integer >= 0"),
    (["-O", "pdf.style=missing.yaml", "--format", "pdf"], "exporters: -O pdf.style=missing.yaml: no such file"),
    (["-O", "pdf.page_size=legal", "--format", "pdf"], "exporters: -O pdf.page_size=legal: expected one of A4, Letter"),
    (["-O", "epub.missing_images=skip", "--format", "epub"], "exporters: -O epub.missing_images=skip: expected one of error, text"),
    (["-O", "txt.width=72"], "exporters: -O txt.width=72: txt has no option 'width'; its options: wrap"),
    (["-O", "txt.=72"], "exporters: -O expects [FORMAT.]KEY=VALUE, got 'txt.=72'"),
    (["-O", "=72"], "exporters: -O expects [FORMAT.]KEY=VALUE, got '=72'"),
    (["-O", "pdf.style=samples", "--format", "pdf"], "exporters: -O pdf.style=samples: a folder, not a file"),
    (["-O", "epub.templates=README.md", "--format", "epub"], "exporters: -O epub.templates=README.md: a file, not a folder"),
    (["--jobs", "0"], "exporters export: argument -j/--jobs: expected a whole number of at least 1, got '0'"),
])
def test_bad_values_are_one_line_before_any_article_is_read(tmp_path, argv, expected):
    articles = [FULL, ARTICLES / "kk-mangystau-wind-station.json", ARTICLES / "ru-pavlodar-winter-garden.json"]
    formats = [] if "--format" in argv else ["--format", "txt"]
    result = run("export", *articles, *formats, *argv, "-o", tmp_path / "out")
    assert result.returncode == 2
    assert result.stderr.strip().splitlines()[-1].startswith(expected), result.stderr
    assert "internal error" not in result.stderr and "Traceback" not in result.stderr
    one_line(result)
    assert not (tmp_path / "out").exists()


def test_page_size_as_the_docs_show_it(tmp_path):
    result = run("export", FULL, "--format", "pdf", "-O", "pdf.page_size=letter", "-o", tmp_path / "story.pdf")
    assert result.returncode == 0, result.stderr
    from pypdf import PdfReader

    box = PdfReader(tmp_path / "story.pdf").pages[0].mediabox
    assert (float(box.width), float(box.height)) == (612.0, 792.0)


def test_dotted_meta_keys_reach_nested_fields_and_overrides_are_reported(tmp_path):
    result = run("export", FULL, "--format", "txt", "-o", tmp_path, "--json",
                 "--meta", "rights.notice=(c) 2026 Someone Else", "--meta", "publisher.url=https://desk.example.org/",
                 "--meta", "lead_image=null")
    assert result.returncode == 0, result.stderr
    seen = api.make_exporter("txt").inspect((tmp_path / "port-of-aktau.txt").read_bytes())
    assert "(c) 2026 Someone Else" in seen.text and "Example News Desk" in seen.text
    assert "Photo: Dana Serik" not in seen.text.split("\n\n", 1)[1].split("Grain")[0]
    [entry] = json.loads(result.stdout)["results"]
    overridden = {f["field"]: f["message"] for f in entry["findings"] if f["code"] == "M116"}
    assert set(overridden) == {"rights.notice", "publisher.url", "lead_image"}
    assert all(message.endswith("replaced by --meta") for message in overridden.values())
    text = run("export", FULL, "--format", "txt", "-o", tmp_path / "again", "--meta", "rights.notice=(c) Other")
    assert "info M116" in text.stderr and "rights.notice" in text.stderr


def test_a_sidecar_that_overrides_the_input_is_reported(tmp_path):
    story = tmp_path / "story.json"
    shutil.copy(FULL, story)
    shutil.copytree(ARTICLES / "images", tmp_path / "images")
    (tmp_path / "story.meta.yaml").write_text("publisher: Other Desk\n", encoding="utf-8")
    result = run("export", story, "--format", "txt", "-o", tmp_path / "out", "--json")
    assert result.returncode == 0, result.stderr
    [entry] = json.loads(result.stdout)["results"]
    [override] = [f for f in entry["findings"] if f["code"] == "M116"]
    assert override["field"] == "publisher" and override["message"].endswith(f"replaced by {tmp_path / 'story.meta.yaml'}")


@pytest.mark.skipif(shutil.which("pandoc") is None, reason="pandoc is not installed")
def test_pandocs_own_reference_document_works(tmp_path):
    import subprocess
    import zipfile

    reference = tmp_path / "reference.docx"
    reference.write_bytes(subprocess.run(["pandoc", "--print-default-data-file", "reference.docx"],
                                         capture_output=True, check=True).stdout)
    result = run("export", FULL, "-O", f"docx.reference={reference}", "-o", tmp_path / "story.docx")
    assert result.returncode == 0, result.stderr
    with zipfile.ZipFile(tmp_path / "story.docx") as made:
        styles = made.read("word/styles.xml").decode("utf-8")
        document = made.read("word/document.xml").decode("utf-8")
    assert 'w:styleId="FirstParagraph"' in styles  # the reference's own styles are kept
    page = 210 / 25.4 * 914400 - 2 * 914400  # A4 less Word's 1-inch margins: the assumed text width, in EMU
    widths = [int(value) for value in re.findall(r'<wp:extent cx="(\d+)"', document)]
    assert widths and max(widths) <= page
    plain = subprocess.run(["pandoc", str(tmp_path / "story.docx"), "-t", "plain", "--wrap=none"],
                           capture_output=True, text=True, check=True).stdout
    article = api.read(FULL).article
    assert article.headline in plain and article.subheadline in plain


def test_a_saved_page_with_an_image_on_the_web_exports_without_it(tmp_path):
    page = (ARTICLES / "html-sample.html").read_text(encoding="utf-8")
    remote = "https://herald.example.org/photos/night-reading-room.png"
    (tmp_path / "page.html").write_text(page.replace("images/night-reading-room.png", remote), encoding="utf-8")
    result = run("export", tmp_path / "page.html", "--format", "txt,epub,docx,pdf", "-o", tmp_path / "out", "--json")
    assert result.returncode == 0, result.stderr
    [entry] = json.loads(result.stdout)["results"]
    [left] = [f for f in entry["findings"] if f["code"] == "M117"]
    assert left["severity"] == "warning" and remote in left["message"] and left["field"] == "$.lead_image"
    alt = "The lit window of a reading room at night, with rows of shelves behind the glass."
    caption = "The night reading room on the ground floor of the central library."
    for name in ("page.txt", "page.epub", "page.docx", "page.pdf"):
        data = (tmp_path / "out" / name).read_bytes()
        seen = api.make_exporter(name.rsplit(".", 1)[1]).inspect(data)
        assert caption in " ".join(seen.text.split()), name
        assert b"herald.example.org/photos" not in data, name
    assert alt in (tmp_path / "out" / "page.txt").read_text(encoding="utf-8")


def test_formats_lists_one_formats_options_and_default_files():
    result = run("formats", "pdf", "--json")
    assert result.returncode == 0, result.stderr
    described = json.loads(result.stdout)
    options = {row["name"]: row for row in described["options"]}
    assert options["page_size"]["choices"] == ["A4", "Letter"] and options["page_size"]["type"] == "choice"
    assert options["style"]["type"] == "file" and options["compress"] == {**options["compress"], "type": "true or false", "default": "true"}
    assert described["default_files"] == ["pdf/style.yaml"]
    text = run("formats", "txt").stdout
    assert "wrap  integer >= 0; default 0. wrap paragraphs at this many characters" in text


def test_default_files_print_as_shipped_and_work_when_passed_back(tmp_path):
    import subprocess
    import sys

    from exporters.templates import template_root

    style = subprocess.run([sys.executable, "-m", "exporters", "formats", "--print-default-file", "pdf/style.yaml"],
                           capture_output=True, check=True).stdout
    assert style == (template_root() / "pdf" / "style.yaml").read_bytes()
    (tmp_path / "house.yaml").write_bytes(style.replace(b"size: A4", b"size: Letter"))
    reference = subprocess.run([sys.executable, "-m", "exporters", "formats", "--print-default-file", "docx/reference.docx"],
                               capture_output=True, check=True).stdout
    assert reference == (template_root() / "docx" / "reference.docx").read_bytes()
    (tmp_path / "house.docx").write_bytes(reference)
    result = run("export", FULL, "--format", "pdf,docx", "-o", tmp_path / "out",
                 "-O", f"pdf.style={tmp_path / 'house.yaml'}", "-O", f"docx.reference={tmp_path / 'house.docx'}")
    assert result.returncode == 0, result.stderr
    from pypdf import PdfReader

    assert float(PdfReader(tmp_path / "out" / "port-of-aktau.pdf").pages[0].mediabox.width) == 612.0
    unknown = run("formats", "--print-default-file", "pdf/missing.yaml")
    assert unknown.returncode == 2 and "pdf/style.yaml" in one_line(unknown)


def test_a_bad_value_in_a_style_file_lists_the_choices(tmp_path):
    style = tmp_path / "house.yaml"
    style.write_text("page:\n  size: legal\n", encoding="utf-8")
    result = run("export", FULL, "--format", "pdf", "-O", f"pdf.style={style}", "-o", tmp_path / "out")
    assert result.returncode == 2
    line = one_line(result)
    assert line.startswith(f"exporters: -O pdf.style={style}: ") and "$.page.size" in line
    assert line.endswith("expected one of A4, Letter")
    assert not (tmp_path / "out").exists()


def test_formats_all_is_the_table_and_its_columns_line_up():
    table = run("formats")
    assert table.returncode == 0 and run("formats", "all").stdout == table.stdout
    assert json.loads(run("formats", "all", "--json").stdout) == json.loads(run("formats", "--json").stdout)
    rows = [line for line in table.stdout.splitlines() if not line.startswith(" ")]
    listed = json.loads(run("formats", "--json").stdout)["formats"]
    assert [row.split()[0] for row in rows] == [entry["name"] for entry in listed]
    for column in ("suffix", "media_type", "origin"):
        starts = {row.index(f" {entry[column]} ") for row, entry in zip(rows, listed)}
        assert len(starts) == 1, (column, starts)


def test_a_link_marker_wrapped_to_its_own_line_still_reads_back(tmp_path):
    """``-O txt.wrap=40`` carries ``[1]`` of the Russian sample's link to the next line; the
    read-back finds the paragraph all the same, in the export and in ``check``."""
    story = ARTICLES / "ru-pavlodar-winter-garden.json"
    result = run("export", story, "--format", "txt", "-O", "txt.wrap=40", "-o", tmp_path)
    assert result.returncode == 0, result.stderr
    text = (tmp_path / "ru-pavlodar-winter-garden.txt").read_text(encoding="utf-8")
    assert "посещений опубликовано на сайте больницы\n[1].\n" in text
    assert text.rstrip().endswith("[1] https://hospital.example.org/sad\n[2] https://ru.news.example.org/2026/01/ovoshchi-zimoy")
    checked = run("check", tmp_path / "ru-pavlodar-winter-garden.txt", "--against", story)
    assert checked.returncode == 0 and checked.stdout.endswith(": ok\n"), checked.stdout


def test_option_help_reads_as_prose_without_code_cross_references():
    for name in json.loads(run("formats", "--json").stdout)["formats"]:
        shown = run("formats", name["name"])
        assert shown.returncode == 0 and not re.search(r":(mod|func|class|data|meth):|``", shown.stdout), shown.stdout
    assert "turn into reading order; poppler and MuPDF" in run("formats", "pdf").stdout


def test_every_json_report_ends_with_the_exit_code_even_when_nothing_was_done(tmp_path):
    """export, newsletter, feed and check give the same shape under --json: their list of what was
    done, and ``exit_code``; a run refused with exit 2 prints that report too, with its ``error``."""
    from conftest import BROKEN

    exported = tmp_path / "e" / "port-of-aktau.txt"
    commands = {
        "export": (("export", FULL, "--format", "txt", "-o", exported.parent), "results"),
        "newsletter": (("newsletter", FULL, "--title", "X", "--format", "txt", "-o", tmp_path / "nl"), "results"),
        "feed": (("feed", FULL, "--format", "rss", "-o", tmp_path / "f.rss"), "results"),
        "check": (("check", exported), "files"),
    }
    for name, (command, listed) in commands.items():
        result = run(*command, "--json")
        report = json.loads(result.stdout)
        assert result.returncode == 0, result.stderr
        assert report["exit_code"] == 0 and report[listed], name
    refused = {
        "export": ("export", BROKEN / "no-headline.json", "--format", "txt", "-o", tmp_path / "x"),
        "newsletter": ("newsletter", FULL, BROKEN / "no-headline.json", "--title", "X", "--format", "txt",
                       "-o", tmp_path / "x"),
        "feed": ("feed", FULL, BROKEN / "no-headline.json", "--format", "rss", "-o", tmp_path / "x.rss"),
        "check": ("check", tmp_path / "missing.txt"),
    }
    for name, command in refused.items():
        result = run(*command, "--json")
        assert result.returncode == 2 and "Traceback" not in result.stderr, (name, result.stderr)
        report = json.loads(result.stdout)
        assert report["exit_code"] == 2, name
        listed = report[commands[name][1]]
        if name in ("newsletter", "feed"):  # refused as a whole: the one error, and the same line on stderr
            assert listed == [] and str(BROKEN / "no-headline.json") in report["error"]
            assert one_line(result) == f"exporters: {report['error']}"
        else:  # each input or file that failed is in the list, with its error
            assert [entry["error"] is not None for entry in listed] == [True]
    assert not (tmp_path / "x.rss").exists() and not list((tmp_path / "x").glob("*.txt"))


@pytest.mark.parametrize(("command", "listed"), [
    (("export", FULL, "--format", "txt", "--jobs", "0"), "results"),
    (("newsletter", FULL, "--format", "txt", "--no-such-option"), "results"),
    (("feed", FULL, "--format", "gopher", "-o", "feed.xml"), "results"),
    (("check",), "files"),
    (("formats", "--no-such-option"), None),
])
def test_a_command_line_argparse_refuses_still_gives_the_json_report(command, listed):
    """A script that asked for --json gets its report (empty list, error, exit 2) even when the
    command line itself is wrong, and the same line on standard error."""
    result = run(*command, "--json")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    report = json.loads(result.stdout)
    assert report["exit_code"] == 2 and "--help" in report["error"]
    assert one_line(result).endswith(report["error"])
    assert (report[listed] == []) if listed else set(report) == {"error", "exit_code"}


def test_a_command_without_json_output_is_refused_in_words_only():
    """``--json`` given to a command that has no report, or before the command word, or as a file
    name after ``--``, prints no report: only the line."""
    for command in (("schema", "--json"), ("--json", "schema"), ("export", "--jobs", "0", "--", "--json")):
        result = run(*command)
        assert result.returncode == 2 and result.stdout == "", command
        assert one_line(result).startswith("exporters"), command


def test_the_commands_that_report_in_json_are_those_that_take_json():
    from exporters import cli

    commands = {name: cli.build_parser(name)._subparsers._group_actions[0].choices[name]
                for name in cli._HELP}
    takes_json = {name for name, parser in commands.items()
                  if any("--json" in action.option_strings for action in parser._actions)}
    assert takes_json == cli._JSON_COMMANDS


@pytest.mark.parametrize("command", [("export", FULL, "--jobs", "0", "--json"), ("formats", "--json"),
                                     ("export", FULL, "--format", "txt", "-o", "-")])
def test_a_reader_that_goes_away_leaves_the_exit_code_alone(command):
    """``exporters ... | true``: the report or output has no reader any more; the command still
    ends with its own exit code (2 for a refused command line, 0 otherwise), with no traceback."""
    import subprocess
    import sys

    from test_cli import ROOT

    line = " ".join(f"'{part}'" for part in (sys.executable, "-m", "exporters", *map(str, command)))
    result = subprocess.run(["bash", "-c", f"{line} | true; echo \"exit=${{PIPESTATUS[0]}}\""], cwd=ROOT,
                            capture_output=True, text=True, timeout=300)
    expected = 2 if "--jobs" in command else 0
    assert result.stdout.strip() == f"exit={expected}", result.stderr
    assert "Traceback" not in result.stderr and "Exception ignored" not in result.stderr

def test_a_malformed_language_tag_is_told_in_words_wherever_it_is_given(tmp_path):
    """--meta, a sidecar, a job file and an article say what a BCP 47 tag looks like, with
    examples, never the regular expression that checks it."""
    told = ("expected a BCP 47 language tag: a language code of 2 or 3 letters, then optionally a script "
            "(4 letters) and a region (2 letters or 3 digits), joined by hyphens, for example en, en-GB, "
            "kk-Cyrl-KZ or fa-IR")
    story = tmp_path / "desk" / FULL.name
    story.parent.mkdir()
    shutil.copy(FULL, story)
    (tmp_path / "desk" / (FULL.stem + ".meta.yaml")).write_text('language: "en_US"\n', encoding="utf-8")
    job = tmp_path / "job.toml"
    job.write_text(f'title = "T"\nlanguage = "english"\nformats = ["txt"]\n[[sections]]\nfiles = ["{FULL}"]\n',
                   encoding="utf-8")
    article = tmp_path / "bad.json"
    article.write_text(json.dumps({**json.loads(FULL.read_text(encoding="utf-8")), "language": "en_US"}),
                       encoding="utf-8")
    cases = [
        (("export", FULL, "--meta", "language=en_US", "--format", "txt"), f"exporters: --meta: language: {told}"),
        (("newsletter", FULL, "--title", "T", "--meta", "language=english", "--format", "txt"),
         f"exporters: --meta: language: {told}"),
        (("export", story, "--format", "txt"), f"exporters: {story.with_name(FULL.stem + '.meta.yaml')}: $.language: {told}"),
        (("newsletter", "--job", job), f"exporters: {job}: $.language: {told}"),
        (("export", article, "--format", "txt"), f"exporters: {article}: $.language: {told}"),
    ]
    for command, expected in cases:
        result = run(*command, "-o", tmp_path / "out")
        assert result.returncode == 2, result.stderr
        assert one_line(result) == expected
    assert not list(tmp_path.rglob("*.txt"))


def test_the_hints_for_a_missing_date_and_publisher_read_as_examples(tmp_path):
    """The seed page without its sidecar lacks its date and publisher: the hints show the --meta line
    with values that are plainly made up, never the seed's own facts (RFE/RL, 16 January 2018)."""
    page = tmp_path / SEED.name
    shutil.copy(SEED, page)
    result = run("export", page, "--format", "txt", "-o", tmp_path / "out", "--json")
    assert result.returncode == 1, result.stderr
    hints = {item["code"]: item["hint"] for entry in json.loads(result.stdout)["results"] for item in entry["findings"]}
    assert hints["M103"].endswith("for example (a made-up date): --meta published=2026-05-08T09:00:00+05:00.")
    assert hints["M104"].endswith('for example (a made-up name): --meta publisher="Example News Desk".')
    for code in ("M103", "M104"):
        assert "RFE/RL" not in hints[code] and "2018" not in hints[code]
    assert not (tmp_path / "out" / (SEED.stem + ".txt")).exists()
