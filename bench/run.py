"""Measure the toolkit against the bare libraries and pandoc, in one run, on this machine.

    .venv/bin/python bench/run.py                 # the full run (6 to 7 minutes on 2 cores)
    .venv/bin/python bench/run.py --quick         # a smoke run of the whole harness (about a minute)
    .venv/bin/python bench/run.py --profile docx  # where the time of one format's render goes
    .venv/bin/python bench/run.py --properties 5000  # the property tests, 5,000 fresh examples per format

Prints one Markdown table (what, toolkit figure, reference figure, ratio, target,
met or missed) and the machine it ran on, and writes the same to
``bench/results/latest.md``; a full run also writes ``bench/RESULTS.md``. Every
row is measured in this run against its reference; see ``bench/README.md`` for
what each row means and how the floors are built. Timing uses only
``time.perf_counter`` and ``time.process_time``, ``subprocess`` and ``os.wait4`` (``ru_maxrss``).
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))

import corpus  # bench/ is on the path now
import plain
import scraped

#: Formats with a bare-library floor (bench/floor/<format>.py), in table order.
FLOOR_FORMATS = ("txt", "epub", "pdf", "docx", "rss", "atom", "html", "ninjs", "jsonld", "jsonfeed", "news-sitemap")
#: Formats compared with pandoc (throughput and cold start) and their targets.
PANDOC_FORMATS = ("epub", "docx", "txt")
#: Cold start against pandoc making the same format; pandoc has no PDF engine here, so the
#: PDF is held to pandoc's DOCX (the nearest thing it makes: a paged document).
COLD_TARGETS = {"txt": 1.5, "epub": 2.0, "docx": 2.0, "pdf": 3.0}
COLD_REFERENCE = {"txt": "txt", "epub": "epub", "docx": "docx", "pdf": "docx"}
#: Render against the bare library; None: reported only (the txt floor is a bare str.join).
FLOOR_TARGETS: dict[str, float | None] = {"txt": None, "epub": 1.5, "rss": 1.5, "atom": 1.5, "pdf": 1.25}
FLOOR_TARGET = 1.25  # every other format
THROUGHPUT_TARGETS = {"txt": 10.0, "epub": 10.0, "docx": 5.0}
THROUGHPUT_SIZES = (100, 200)  # batch rows: the first N corpus articles (start-up weighs more in the smaller)
MEMORY_BUDGET_MIB = 250.0
MEMORY_PROJECTED_AT = 10_000
FLAT_TARGET = 1.05
WORKERS_TARGET = 1.7
SCRAPED_BLOCKS = 20_000  # the model's block limit (exporters.limits.MAX_BLOCKS)
SCRAPED_BUDGET = 0.5  # seconds for `exporters import` of that page, whole process
LIBRARIES = ("newsroom-exporters", "EbookLib", "reportlab", "python-docx", "feedgen", "lxml", "msgspec", "Jinja2",
             "uharfbuzz", "typst")
TAGGED_TARGET = 1.25  # tagged PDF against the untagged render
TYPST_TARGET = 1.0  # tagged PDF against Typst's PDF/UA-1 render: faster
EMOJI_CHARACTERS = 20_000  # one paragraph of emoji with joiners, variation selectors and flags
EMOJI_UNIT = "👩🏽\u200d💻🇰🇿👨\u200d👩\u200d👧🇮🇷🏳️\u200d🌈❤️\u200d🔥🏳️\u200d⚧️ "
EMOJI_BUDGET = 2.0  # seconds for the PDF of that paragraph


# -- settings and results ------------------------------------------------------------------------


@dataclass(frozen=True)
class Settings:
    """How much to measure: ``--quick`` shrinks every count so the harness runs in about a minute."""

    quick: bool
    articles: int  # throughput and workers corpus
    memory_articles: int
    sample: int  # articles per format in the render rows
    repeats: int
    cold_runs: int

    @classmethod
    def of(cls, quick: bool, articles: int | None, memory_articles: int | None) -> Settings:
        if quick:
            return cls(True, articles or 12, memory_articles or 50, sample=6, repeats=3, cold_runs=3)
        return cls(False, articles or 200, memory_articles or 2000, sample=24, repeats=7, cold_runs=7)


@dataclass(frozen=True)
class Row:
    """One line of the table. ``ratio`` is toolkit over reference (or the speed-up), checked against ``target``."""

    what: str
    toolkit: str
    reference: str
    ratio: float
    target: str  # "<= 1.25", ">= 10", or "" for a figure that is reported, not judged

    @property
    def met(self) -> bool | None:
        if not self.target:
            return None
        sign, bound = self.target.split()
        return self.ratio <= float(bound) if sign == "<=" else self.ratio >= float(bound)


@dataclass
class Workspace:
    """The corpus, the reference inputs made from it, and folders for outputs."""

    root: Path
    corpus: Path
    files: list[Path]
    plain: Path  # plain documents (.json) and Markdown (.md) with images/, one pair per article
    bundles: list[Any] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    load: list[str] = field(default_factory=list)  # free cores before and after each group of rows
    imports: list[str] = field(default_factory=list)  # the start-up imports table, with row 3

    def fresh(self, name: str) -> Path:
        """An empty output folder (the toolkit skips outputs that are up to date, so never reuse one)."""
        folder = self.root / "out" / name
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        return folder


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# -- the machine -----------------------------------------------------------------------------------


def free_cores(seconds: float = 0.5) -> float:
    """How much CPU this run can get right now, in cores.

    One busy process per usable core spins for ``seconds``; each reports the CPU
    time it obtained per second of wall time. On an idle 2-core machine the sum is
    close to 2.0; when other work holds a core it drops towards 1.0, and the rows
    measured meanwhile (above all row 5) say more about the neighbours than about
    the toolkit.
    """
    spin = (f"import time\nstart, cpu = time.perf_counter(), time.process_time()\n"
            f"while time.perf_counter() - start < {seconds}: pass\n"
            f"print((time.process_time() - cpu) / (time.perf_counter() - start))")
    probes = [subprocess.Popen([sys.executable, "-c", spin], stdout=subprocess.PIPE, text=True)
              for _ in range(len(os.sched_getaffinity(0)))]
    return sum(float(probe.communicate()[0]) for probe in probes)


def machine() -> dict[str, str]:
    """CPU, cores, memory, OS, Python, library and pandoc versions."""
    info = {
        "CPU": _cpuinfo("model name") or platform.processor() or "unknown",
        "Cores": f"{os.cpu_count()} logical, {len(os.sched_getaffinity(0))} usable by this process",
        "Memory": _meminfo("MemTotal"),
        "OS": platform.platform(),
        "Python": f"{platform.python_implementation()} {platform.python_version()}",
        "Libraries": ", ".join(f"{name} {_version(name)}" for name in LIBRARIES),
        "pandoc": _pandoc_version(),
        "Install": _install_kind(),
        "Load average at start": " ".join(f"{value:.2f}" for value in os.getloadavg()),
    }
    return info


def _cpuinfo(key: str) -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith(key):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return ""


def _meminfo(key: str) -> str:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith(key):
                return f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    return "unknown"


def _version(distribution: str) -> str:
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return "not installed"


def _install_kind() -> str:
    """How the measured toolkit is installed: an editable install (the sources on ``sys.path``,
    as the project's own virtual environment is made) or a wheel, as ``pip install`` gives users."""
    try:
        origin = json.loads(metadata.distribution("newsroom-exporters").read_text("direct_url.json") or "{}")
    except (metadata.PackageNotFoundError, ValueError):
        return "unknown"
    if origin.get("dir_info", {}).get("editable"):
        return "editable (pip install -e: the sources on sys.path)"
    return "wheel (pip install)"


def _pandoc_version() -> str:
    found = shutil.which("pandoc")
    if not found:
        return "not installed"
    return subprocess.run([found, "--version"], capture_output=True, text=True, check=False).stdout.splitlines()[0]


def note_load(work: Workspace, rows: str, before: float, after: float) -> None:
    """Record the CPU free around a group of rows; flag the group when other work held a core."""
    cores = len(os.sched_getaffinity(0))
    work.load.append(f"rows {rows}: {before:.2f} cores before, {after:.2f} after")
    if min(before, after) < 0.75 * cores:
        work.notes.append(f"rows {rows} ran while other work held the CPU (as little as {min(before, after):.2f} of "
                          f"{cores} cores free): read them as noisy; a speed-up from a second worker needs a free core.")


# -- preparing the inputs (never timed) ------------------------------------------------------------


def prepare(root: Path, settings: Settings) -> Workspace:
    """Write the corpus, read it into bundles, and write the floors' and pandoc's inputs."""
    from exporters import api

    log(f"writing a corpus of {settings.articles} articles")
    files = corpus.generate(settings.articles, root / "corpus")
    work = Workspace(root=root, corpus=root / "corpus", files=files, plain=root / "plain")
    work.plain.mkdir(parents=True, exist_ok=True)
    shutil.copytree(work.corpus / "images", work.plain / "images", dirs_exist_ok=True)
    for path in files:
        bundle = api.read_bundle([path])
        document = plain.plain_document(bundle)
        plain.write_plain(document, work.plain / f"{path.stem}.json")
        (work.plain / f"{path.stem}.md").write_text(plain.markdown(document), encoding="utf-8")
        work.bundles.append(bundle)
    log("filling Python's bytecode cache (one untimed export in every format)")
    subprocess.run([exporters_command(), "export", str(files[0]), "--format", "all", "-o", str(work.fresh("warm-up"))],
                   capture_output=True, check=False, env=child_environment(work))
    return work


def exporters_command() -> str:
    """The ``exporters`` script installed beside this Python (the one users run)."""
    beside = Path(sys.executable).parent / "exporters"
    found = str(beside) if beside.exists() else shutil.which("exporters")
    if not found:
        raise SystemExit("the 'exporters' command is not installed: run with the project's .venv/bin/python")
    return found


def pandoc_command() -> str:
    found = shutil.which("pandoc")
    if not found:
        raise SystemExit("pandoc is not installed (apt-get install pandoc): it is the reference of rows 2 and 3")
    return found


def child_environment(work: Workspace) -> dict[str, str]:
    """The environment of every timed process: this one's, with Python's bytecode cache on.

    An installed package runs from compiled ``.pyc`` files. Where
    ``PYTHONDONTWRITEBYTECODE`` is set (or the source tree is read-only), every
    ``exporters`` process would compile the toolkit's sources again; the caches go
    to the work folder instead, filled by the first (untimed) runs.
    """
    environment = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    environment["PYTHONPYCACHEPREFIX"] = str(work.root / "pycache")
    return environment


def timed(command: list[str], cwd: Path | None = None) -> float:
    """Wall time of one whole process (pandoc), in seconds; a failing command stops the benchmark."""
    started = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} exited with {done.returncode}:\n{done.stderr[-2000:]}")
    return elapsed


_ERROR_LINE = re.compile(r": error (\w+) \[[^\]]*\] (\w+)")


def timed_export(work: Workspace, command: list[str]) -> float:
    """Wall time of one ``exporters export`` process.

    Exit 1 (some output failed a check, the others written) is timed and noted
    under the table with the command's summary line; exit 2 stops the benchmark.
    """
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, check=False, env=child_environment(work))
    elapsed = time.perf_counter() - started
    if done.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(command)} exited with {done.returncode}:\n{done.stderr[-2000:]}")
    if done.returncode == 1:
        lines = done.stderr.strip().splitlines()
        errors = sorted({" ".join(match.groups()) for match in map(_ERROR_LINE.search, lines) if match})
        note = (f"`exporters {' '.join(Path(part).name if '/' in part else part for part in command[1:])}` "
                f"exited with 1 ({lines[-1] if lines else 'no summary'}); errors: {', '.join(errors)}")
        if note not in work.notes:
            work.notes.append(note)
    return elapsed


# -- 1. render per format against the bare-library floor ------------------------------------------


def floor_module(name: str) -> Any:
    return importlib.import_module(f"floor.{name.replace('-', '_')}")


def bench_formats(work: Workspace, settings: Settings) -> list[Row]:
    """Warm, in this process: median over repeats of the mean render time per article."""
    from floor._doc import load

    rows = []
    count = min(settings.sample, len(work.bundles))
    bundles = work.bundles[:count]
    documents = [load(work.plain / f"{path.stem}.json") for path in work.files[:count]]
    for name in FLOOR_FORMATS:
        log(f"render {name}: toolkit and floor, {count} articles x {settings.repeats} repeats")
        toolkit, floor = _render_times(name, bundles, documents, settings.repeats)
        target = FLOOR_TARGETS.get(name, FLOOR_TARGET)
        rows.append(Row(f"1. render {name}, per article (warm, one process, CPU time)", _ms(toolkit),
                        f"{_ms(floor)} (bare {_library_of(name)})", toolkit / floor,
                        f"<= {target}" if target else ""))
    return rows


def _render_times(name: str, bundles: list[Any], documents: list[dict[str, Any]], repeats: int) -> tuple[float, float]:
    from exporters import api

    exporter = api.make_exporter(name)
    floor = floor_module(name).render

    def tool_loop() -> None:
        for bundle in bundles:
            exporter.render(bundle)

    def floor_loop() -> None:
        for document in documents:
            floor(document)

    tool_loop(), floor_loop()  # warm: imports, fonts, templates, caches
    tool_times, floor_times = [], []
    for repeat in range(repeats):  # alternate the order so drifting load hits both alike
        pair = [(tool_loop, tool_times), (floor_loop, floor_times)]
        for loop, times in (pair if repeat % 2 == 0 else pair[::-1]):
            started = time.process_time()  # CPU time: a render is one thread's work, and load from
            loop()                         # other processes does not count against it
            times.append((time.process_time() - started) / len(bundles))
    return statistics.median(tool_times), statistics.median(floor_times)


def _library_of(name: str) -> str:
    return {"txt": "str.join + encode", "epub": "EbookLib", "pdf": "reportlab", "docx": "python-docx",
            "rss": "feedgen", "atom": "feedgen", "html": "Jinja", "ninjs": "json module", "jsonld": "json module",
            "jsonfeed": "json module", "news-sitemap": "lxml"}[name]


def _ms(seconds: float) -> str:
    if seconds < 1e-4:
        return f"{seconds * 1e6:.1f} µs"
    return f"{seconds * 1e3:.2f} ms" if seconds < 0.1 else f"{seconds * 1e3:.0f} ms"


# -- 7. tagged PDF (PDF/UA-1): against the untagged render and against Typst -------------------------


def bench_tagged_pdf(work: Workspace, settings: Settings) -> list[Row]:
    """The PDF's cost of tagging: the tagged render against the untagged one (``-O tagged=false``,
    the same exporter without the structure tree), against Typst's PDF/UA-1 render of the same
    article, and the growth in file size."""
    from exporters import api

    count = min(settings.sample, len(work.bundles) - 1)
    bundles = work.bundles[1:count + 1]  # the first article warms both up, below
    tagged, untagged = api.make_exporter("pdf"), api.make_exporter("pdf", {"tagged": False})
    log(f"render pdf tagged and untagged: {count} articles x {settings.repeats} repeats")
    times = _alternating({"tagged": lambda: [tagged.render(bundle) for bundle in bundles],
                          "untagged": lambda: [untagged.render(bundle) for bundle in bundles]},
                         settings.repeats, work.bundles[0], (tagged, untagged))
    per_article = {name: value / count for name, value in times.items()}
    sizes = {name: sum(len(exporter.render(bundle).data) for bundle in bundles) / count
             for name, exporter in (("tagged", tagged), ("untagged", untagged))}
    rows = [
        Row("7. render pdf tagged (PDF/UA-1), per article, against untagged (CPU time)", _ms(per_article["tagged"]),
            f"{_ms(per_article['untagged'])} (untagged, same exporter)", per_article["tagged"] / per_article["untagged"],
            f"<= {TAGGED_TARGET}"),
        Row("7. pdf file size tagged, per article, against untagged", f"{sizes['tagged'] / 1024:.1f} KiB",
            f"{sizes['untagged'] / 1024:.1f} KiB (untagged)", sizes["tagged"] / sizes["untagged"], ""),
    ]
    typst_row = _against_typst(work, bundles, tagged)
    return rows + ([typst_row] if typst_row else [])


def _alternating(loops: dict[str, Callable[[], object]], repeats: int, warm: Any, exporters: tuple[Any, ...]
                 ) -> dict[str, float]:
    """Median CPU seconds of each loop over ``repeats``, the order turned round every repeat."""
    for exporter in exporters:
        exporter.render(warm)
    samples: dict[str, list[float]] = {name: [] for name in loops}
    for repeat in range(repeats):
        order = list(loops) if repeat % 2 == 0 else list(loops)[::-1]
        for name in order:
            started = time.process_time()
            loops[name]()
            samples[name].append(time.process_time() - started)
    return {name: statistics.median(values) for name, values in samples.items()}


def _against_typst(work: Workspace, bundles: list[Any], tagged: Any) -> Row | None:
    """Typst's PDF/UA-1 render (``typst.compile(..., pdf_standards="ua-1")``) of the same articles,
    from the same plain documents the floors read, set in the same FiraGO files.

    Typst keeps what it laid out in memory and reuses it when the same source comes again,
    so each article is compiled once, after one untimed compile of another article; the
    toolkit renders each article once too, the two alternating article by article.
    """
    try:
        import typst
    except ImportError:
        work.notes.append("row 7 against Typst left out: pip install typst (the bench extra)")
        return None
    from exporters.formats.pdf.fonts import FIRAGO_FOLDER as fonts  # FiraGO's four faces, the files the toolkit ships

    sources = []
    for path in [work.files[0], *work.files[1:len(bundles) + 1]]:
        document = json.loads((work.plain / f"{path.stem}.json").read_text(encoding="utf-8"))
        source = work.plain / f"{path.stem}.typ"
        source.write_text(plain.typst_markup(document), encoding="utf-8")
        sources.append(source)

    def compile_typst(source: Path) -> bytes:
        return typst.compile(str(source), root=str(work.plain), font_paths=[str(fonts)], ignore_system_fonts=True,
                             pdf_standards="ua-1")

    compile_typst(sources[0])
    tagged.render(work.bundles[0])
    log(f"render pdf tagged and Typst PDF/UA-1: {len(bundles)} articles, once each, alternating")
    ours: list[tuple[float, float]] = []
    theirs: list[tuple[float, float]] = []
    for index, (bundle, source) in enumerate(zip(bundles, sources[1:])):
        pair = [(lambda bundle=bundle: tagged.render(bundle), ours),
                (lambda source=source: compile_typst(source), theirs)]
        for call, times in (pair if index % 2 == 0 else pair[::-1]):
            started, cpu = time.perf_counter(), time.process_time()
            call()
            times.append((time.perf_counter() - started, time.process_time() - cpu))
    (mine, my_cpu), (reference, their_cpu) = (tuple(map(statistics.mean, zip(*times))) for times in (ours, theirs))
    return Row("7. render pdf tagged (PDF/UA-1), per article, against Typst (wall; CPU of all threads)",
               f"{_ms(mine)}; CPU {_ms(my_cpu)}",
               f"{_ms(reference)}; CPU {_ms(their_cpu)} (Typst {_version('typst')}, pdf_standards=ua-1)",
               mine / reference, f"<= {TYPST_TARGET}")


# -- 2. batch throughput against pandoc once per article --------------------------------------------


def bench_throughput(work: Workspace, settings: Settings) -> list[Row]:
    """The whole ``exporters export DIR --jobs 1`` command against a pandoc process per article,
    over the first 100 and all 200 corpus articles (``--articles`` scales both)."""
    exporters, pandoc = exporters_command(), pandoc_command()
    rows = []
    for count in sorted({max(1, len(work.files) * size // THROUGHPUT_SIZES[-1]) for size in THROUGHPUT_SIZES}):
        folder = _first_articles(work, count)
        for name in PANDOC_FORMATS:
            log(f"throughput {name}: exporters export over {count} articles, then pandoc {count} times")
            toolkit = timed_export(work, [exporters, "export", str(folder), "--format", name, "--jobs", "1",
                                          "-o", str(work.fresh(f"throughput-{name}-{count}"))])
            target = work.fresh(f"pandoc-{name}-{count}")
            reference = sum(timed([pandoc, f"{path.stem}.md", "-o", str(target / f"{path.stem}.{name}")],
                                  cwd=work.plain) for path in work.files[:count])
            rows.append(Row(f"2. batch throughput {name}, {count} articles (articles/s)",
                            f"{count / toolkit:.1f}/s ({toolkit:.1f} s, one `exporters export` process)",
                            f"{count / reference:.1f}/s ({reference:.1f} s, one pandoc process per article)",
                            reference / toolkit, f">= {THROUGHPUT_TARGETS[name]:g}"))
    return rows


def _first_articles(work: Workspace, count: int) -> Path:
    """The corpus folder itself, or a folder of its first ``count`` articles (linked) with the images."""
    if count >= len(work.files):
        return work.corpus
    folder = work.root / f"corpus-{count}"
    if not folder.is_dir():
        folder.mkdir(parents=True)
        (folder / "images").symlink_to(work.corpus / "images")
        for path in work.files[:count]:
            (folder / path.name).symlink_to(path)
    return folder


# -- 3. cold start of one article against pandoc ------------------------------------------------------


def cold_article(work: Workspace) -> Path:
    """An English article with an embedded image (the fullest kind), else the first one."""
    for path, bundle in zip(work.files, work.bundles):
        article = bundle.lead
        if article.language.startswith("en") and any(bundle.resource(article, image) for image in article.images()):
            return path
    return work.files[0]


def bench_cold_start(work: Workspace, settings: Settings) -> list[Row]:
    """Median wall and CPU time (user + system, from ``wait4``) of a whole process exporting one
    article, toolkit and pandoc alternating; the ratio is of the CPU times, which other work on a
    shared machine does not inflate as it inflates the wall times."""
    exporters, pandoc = exporters_command(), pandoc_command()
    article = cold_article(work)
    folder = work.fresh("cold")
    rows = []
    for name, target in COLD_TARGETS.items():
        made = COLD_REFERENCE[name]
        log(f"cold start {name}: {settings.cold_runs} runs each of {article.name}")
        tool = [exporters, "export", str(article), "--format", name, "-o", str(folder / f"toolkit.{name}")]
        reference = [pandoc, f"{article.stem}.md", "-o", str(folder / f"pandoc.{made}")]
        _process_times(work, tool), _process_times(work, reference, cwd=work.plain)  # warm the disk cache
        tool_times, pandoc_times = [], []
        for _ in range(settings.cold_runs):
            tool_times.append(_process_times(work, tool))
            pandoc_times.append(_process_times(work, reference, cwd=work.plain))
        (wall, cpu), (pandoc_wall, pandoc_cpu) = (tuple(map(statistics.median, zip(*times)))
                                                  for times in (tool_times, pandoc_times))
        rows.append(Row(f"3. cold start {name}, one article, whole process", f"{_ms(wall)} (CPU {_ms(cpu)})",
                        f"{_ms(pandoc_wall)} (CPU {_ms(pandoc_cpu)}; pandoc {made})", cpu / pandoc_cpu,
                        f"<= {target:g}"))
    return rows


def _process_times(work: Workspace, command: list[str], cwd: Path | None = None) -> tuple[float, float]:
    """Wall and CPU time (user + system) of one whole process; exit 1 of ``exporters`` is noted, as in
    :func:`timed_export`, any other failure stops the benchmark."""
    started = time.perf_counter()
    child = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                             env=child_environment(work))
    errors = child.stderr.read() if child.stderr else b""
    _, status, usage = os.wait4(child.pid, 0)
    elapsed = time.perf_counter() - started
    if child.stderr:
        child.stderr.close()
    code = child.returncode = os.waitstatus_to_exitcode(status)
    if code not in (0, 1) or (code == 1 and Path(command[0]).name == "pandoc"):
        raise SystemExit(f"{' '.join(command)} exited with {code}:\n{errors.decode(errors='replace')[-2000:]}")
    return elapsed, usage.ru_utime + usage.ru_stime


# -- where start-up goes: each format's heaviest imports -------------------------------------------------


IMPORT_RUNS = 3  # importtime runs per format; the least self time of each module is kept


def import_report(work: Workspace, settings: Settings) -> list[str]:
    """Each format's ten heaviest imports in a one-article export (``python -X importtime``).

    A module's figure is its own import time (without the modules it imports), the least over
    :data:`IMPORT_RUNS` runs with the bytecode cache warm, summed by package (``PIL``,
    ``reportlab``, ``exporters.formats``...), so each line says what a format pays for.
    """
    article = cold_article(work)
    folder = work.fresh("imports")
    lines = ["## Start-up: each format's ten heaviest imports", "",
             f"`python -X importtime -m exporters export {article.name} --format F`, bytecode cached; each figure is the "
             f"import time of a package's own modules (least of {IMPORT_RUNS} runs, ms), then the total of all modules.",
             "", "| format | total (modules) | ten heaviest packages, ms |", "|---|---|---|"]
    for name in available_formats():
        best: dict[str, int] = {}
        for _ in range(1 if settings.quick else IMPORT_RUNS):
            done = subprocess.run([sys.executable, "-X", "importtime", "-m", "exporters", "export", str(article),
                                   "--format", name, "-o", str(folder)], capture_output=True, text=True,
                                  env=child_environment(work), check=False)
            for match in _IMPORT_LINE.finditer(done.stderr):
                module, own = match["module"], int(match["own"])
                best[module] = min(best.get(module, own), own)
        packages: dict[str, int] = {}
        for module, own in best.items():
            parts = module.split(".")
            key = ".".join(parts[:2]) if parts[0] == "exporters" else parts[0]
            packages[key] = packages.get(key, 0) + own
        heaviest = sorted(packages.items(), key=lambda item: -item[1])[:10]
        lines.append(f"| {name} | {sum(best.values()) / 1000:.0f} ms ({len(best)}) | "
                     + ", ".join(f"{key} {micro / 1000:.1f}" for key, micro in heaviest) + " |")
    return lines + [""]


_IMPORT_LINE = re.compile(r"^import time:\s+(?P<own>\d+) \|\s+\d+ \|\s*(?P<module>\S+)$", re.MULTILINE)


# -- 4. memory over a long run --------------------------------------------------------------------


def available_formats() -> list[str]:
    """Every registered format whose library loads here (what ``--format all`` renders)."""
    from exporters import registry
    from exporters.errors import ExportersError

    found = []
    for name in registry.names():
        try:
            registry.exporter_class(name)
        except (ImportError, ExportersError) as error:  # a format whose library is missing: left out of rows 4, 5
            log(f"format {name} left out: {type(error).__name__}: {error}")
            continue
        found.append(name)
    return found


def bench_memory(work: Workspace, settings: Settings) -> list[Row]:
    """Peak RSS (``ru_maxrss`` from ``wait4``) of a child exporting M articles in every format."""
    import json

    count = settings.memory_articles
    folder = work.root / "memory-corpus"
    if count > len(work.files):
        log(f"writing a corpus of {count} articles for the memory run")
        corpus.generate(count, folder)
    else:
        folder = work.corpus
    formats = available_formats()
    log(f"memory: {count} articles x {len(formats)} formats in one process")
    child = subprocess.Popen([sys.executable, str(BENCH / "memory.py"), str(folder), str(count), *formats],
                             stdout=subprocess.PIPE, text=True, env=child_environment(work))
    output = child.stdout.read() if child.stdout else ""
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        raise SystemExit(f"memory run exited with {child.returncode}")
    result = json.loads(output.strip().splitlines()[-1])
    peak = usage.ru_maxrss / 1024  # KiB on Linux
    samples = [(int(done), float(mib)) for done, mib in result["samples"]]
    at = {share: _rss_at(samples, share, count) for share in (0.1, 0.5, 1.0)}
    slope = _slope([(done, mib) for done, mib in samples if done >= 0.1 * count])  # MiB per article
    projected = peak + max(0.0, slope) * max(0, MEMORY_PROJECTED_AT - count)
    what = f"{count:,} articles x {len(formats)} formats, one process"
    failed = f"; {result['failed']} failed" if result["failed"] else ""
    return [
        Row(f"4. peak memory, {what} (projected to {MEMORY_PROJECTED_AT:,})",
            f"{peak:.0f} MiB ru_maxrss; {projected:.0f} MiB projected{failed}",
            f"{MEMORY_BUDGET_MIB:.0f} MiB budget", projected / MEMORY_BUDGET_MIB, "<= 1.0"),
        Row(f"4. memory growth after warm-up, {what}",
            f"RSS {at[0.1]:.0f} / {at[0.5]:.0f} / {at[1.0]:.0f} MiB at 10/50/100 %; "
            f"{slope * 1000:+.2f} MiB per 1,000 articles", "flat (RSS at 100 % / RSS at 10 %)",
            at[1.0] / at[0.1], f"<= {FLAT_TARGET}"),
    ]


def _rss_at(samples: list[tuple[int, float]], share: float, count: int) -> float:
    """The first sample taken at or after ``share`` of the run."""
    return next(mib for done, mib in samples if done >= share * count)


def _slope(points: list[tuple[int, float]]) -> float:
    """Least-squares slope of RSS over articles done (MiB per article); 0 for fewer than two points."""
    if len(points) < 2:
        return 0.0
    return statistics.linear_regression([float(x) for x, _ in points], [y for _, y in points]).slope


# -- 5. one worker against two ----------------------------------------------------------------------


def bench_workers(work: Workspace, settings: Settings) -> list[Row]:
    """``exporters export DIR --format all`` with ``--jobs 1`` and with ``--jobs 2``."""
    exporters = exporters_command()
    count = len(work.files)
    times = {}
    for jobs in (1, 2):
        log(f"workers: --jobs {jobs} over {count} articles, every format")
        times[jobs] = timed_export(work, [exporters, "export", str(work.corpus), "--format", "all", "--jobs", str(jobs),
                                          "-o", str(work.fresh(f"jobs-{jobs}"))])
    return [Row(f"5. two workers against one, {count} articles, every format (speed-up)",
                f"{times[2]:.1f} s with --jobs 2 ({count / times[2]:.1f} articles/s)",
                f"{times[1]:.1f} s with --jobs 1 ({count / times[1]:.1f} articles/s)",
                times[1] / times[2], f">= {WORKERS_TARGET}")]


# -- 6. the scraped-page reader on a long page -------------------------------------------------------------


def bench_scraped_import(work: Workspace, settings: Settings) -> list[Row]:
    """``exporters import`` of a 20,000-block page in the seed's layout: the reader must stay linear.

    The ratio is wall time over the budget; the CPU time beside it (user + system of
    the child, from ``getrusage``) says what the run cost when other work shared the cores.
    """
    import resource

    exporters = exporters_command()
    page = scraped.write_page(work.root / "scraped", SCRAPED_BLOCKS)
    command = [exporters, "import", str(page), "-o", str(work.fresh("scraped") / "long-page.json")]
    log(f"scraped import: {settings.cold_runs} runs of {SCRAPED_BLOCKS:,} blocks")
    timed_export(work, command)  # warm the disk and bytecode caches
    walls, cpus = [], []
    for _ in range(settings.cold_runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        walls.append(timed_export(work, command))
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
    seconds = statistics.median(walls)
    return [Row(f"6. import of a {SCRAPED_BLOCKS:,}-block scraped page, whole process",
                f"{_ms(seconds)} (CPU {_ms(statistics.median(cpus))})", f"{_ms(SCRAPED_BUDGET)} budget",
                seconds / SCRAPED_BUDGET, "<= 1.0")]


def bench_emoji_paragraph(work: Workspace, settings: Settings) -> list[Row]:
    """The PDF of one article whose body is a 20,000-character paragraph of emoji joined by ZWJ,
    with variation selectors and flags, in this process: every character of it needs a fallback
    font, and the page layout must not take a fragment per character."""
    from exporters import api
    from exporters.body import Paragraph
    from exporters.model import Article, Bundle

    text = (EMOJI_UNIT * (EMOJI_CHARACTERS // len(EMOJI_UNIT) + 1))[:EMOJI_CHARACTERS]
    bundle = Bundle.of(Article(id="emoji", language="en", headline="Emoji", body=(Paragraph(content=(text,)),)))
    exporter = api.make_exporter("pdf")
    log(f"render pdf of a {EMOJI_CHARACTERS:,}-character emoji paragraph: {settings.cold_runs} runs")
    exporter.render(bundle)  # registers and loads the fallback fonts
    times = []
    for _ in range(settings.cold_runs):
        started = time.perf_counter()
        exporter.render(bundle)
        times.append(time.perf_counter() - started)
    seconds = statistics.median(times)
    return [Row(f"8. render pdf of a {EMOJI_CHARACTERS:,}-character paragraph of ZWJ emoji and flags",
                _ms(seconds), f"{_ms(EMOJI_BUDGET)} budget", seconds / EMOJI_BUDGET, "<= 1.0")]


# -- the report ---------------------------------------------------------------------------------------


def table(rows: list[Row]) -> str:
    lines = ["| what | toolkit | reference | ratio | target | result |", "|---|---|---|---:|---|---|"]
    for row in rows:
        result = {True: "met", False: "missed", None: "reported"}[row.met]
        lines.append(f"| {row.what} | {row.toolkit} | {row.reference} | {row.ratio:.2f} | {row.target or '-'} | "
                     f"{result} |")
    return "\n".join(lines)


def report(rows: list[Row], work: Workspace, host: dict[str, str], settings: Settings, seconds: float) -> str:
    cores = len(os.sched_getaffinity(0))
    lines = [
        "# Benchmark results",
        "",
        _summary(settings, seconds),
        "",
        table(rows),
        "",
        *(["Notes:", "", *(f"- {note}" for note in work.notes), ""] if work.notes else []),
        *work.imports,
        "## Machine",
        "",
        *(f"- {key}: {value}" for key, value in host.items()),
        "",
        f"CPU this run could get (of {cores} cores; less means other work was running, and the rows",
        "measured then are noisy):",
        "",
        *(f"- {line}" for line in work.load),
        "",
    ]
    return "\n".join(lines)


def _summary(settings: Settings, seconds: float) -> str:
    mode = "Quick run (a smoke test: counts too small for conclusions)" if settings.quick else "Full run"
    return (
        f"{mode}, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, {seconds / 60:.1f} minutes. "
        f"Corpus: {settings.articles} articles for rows 2 and 5 (row 2 also over the first half); {settings.sample} articles x "
        f"{settings.repeats} repeats for row 1; {settings.cold_runs} runs per format for row 3; "
        f"{settings.memory_articles:,} articles for row 4; row 7 as row 1 (against Typst: each article once). "
        "Ratio: toolkit time / reference time (rows 1, 3, 7), toolkit speed / reference speed (rows 2, 5), "
        "projected peak / budget and late / early RSS (row 4), "
        f"time / budget (row 6, {settings.cold_runs} runs; row 8, in one process), "
        "tagged / untagged bytes (row 7, file size)."
    )


def profile(name: str, work: Workspace, settings: Settings) -> None:
    """Print the functions where one format's render spends its time (cProfile, cumulative)."""
    import cProfile
    import pstats

    from exporters import api

    exporter = api.make_exporter(name)
    bundles = work.bundles[: settings.sample]
    [exporter.render(bundle) for bundle in bundles]
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(settings.repeats):
        [exporter.render(bundle) for bundle in bundles]
    profiler.disable()
    pstats.Stats(profiler, stream=sys.stdout).sort_stats("cumulative").print_stats(40)


BENCHES: tuple[Callable[[Workspace, Settings], list[Row]], ...] = (
    bench_formats, bench_throughput, bench_cold_start, bench_memory, bench_workers, bench_scraped_import,
    bench_tagged_pdf, bench_emoji_paragraph)


def run_properties(examples: int) -> int:
    """The property tests of ``tests/test_properties.py`` with ``examples`` fresh examples per format."""
    environment = dict(os.environ, HYPOTHESIS_PROFILE="deep", HYPOTHESIS_EXAMPLES=str(examples))
    command = [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q", "tests/test_properties.py"]
    log(f"{' '.join(command[2:])} with {examples} examples per format")
    return subprocess.run(command, cwd=ROOT, env=environment).returncode


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Benchmark the exporters against the bare libraries and pandoc.")
    parser.add_argument("--quick", action="store_true", help="small counts: check the harness, not the speed")
    parser.add_argument("--articles", type=int, metavar="N", help="corpus size for rows 2 and 5 (default 200)")
    parser.add_argument("--memory-articles", type=int, metavar="M", help="articles in the memory run (default 2000)")
    parser.add_argument("--work", type=Path, metavar="DIR",
                        help="keep the corpus and outputs here (default: a temporary folder)")
    parser.add_argument("--results", type=Path, metavar="FILE", default=BENCH / "results" / "latest.md",
                        help="where to write the report (default: bench/results/latest.md)")
    parser.add_argument("--profile", metavar="FORMAT", help="profile one format's render instead of benchmarking")
    parser.add_argument("--rows", metavar="N,N", help="only these groups of rows, e.g. 1,6 (default: all; a partial run "
                                                     "does not write bench/RESULTS.md)")
    parser.add_argument("--properties", type=int, metavar="N",
                        help="run the property tests with N fresh random examples per format instead (CI runs 200)")
    args = parser.parse_args(argv)
    if args.properties:
        return run_properties(args.properties)
    settings = Settings.of(args.quick, args.articles, args.memory_articles)
    started = time.perf_counter()
    root = args.work or Path(tempfile.mkdtemp(prefix="exporters-bench-"))
    root.mkdir(parents=True, exist_ok=True)
    try:
        host = machine()
        work = prepare(root, settings)
        if args.profile:
            profile(args.profile, work, settings)
            return 0
        rows = []
        wanted = {int(number) for number in args.rows.split(",")} if args.rows else set(range(1, len(BENCHES) + 1))
        for number, bench in enumerate(BENCHES, start=1):
            if number not in wanted:
                continue
            before = free_cores()
            group = bench(work, settings)
            rows += group
            note_load(work, group[0].what.split(".")[0], before, free_cores())
        if 3 in wanted:  # with the cold-start rows: where each format's start-up goes
            log("start-up imports of every format (python -X importtime)")
            work.imports = import_report(work, settings)
        host["Load average at end"] = " ".join(f"{value:.2f}" for value in os.getloadavg())
    finally:
        if args.work is None:
            shutil.rmtree(root, ignore_errors=True)
    text = report(rows, work, host, settings, time.perf_counter() - started)
    print(text)
    args.results.parent.mkdir(parents=True, exist_ok=True)
    args.results.write_text(text, encoding="utf-8")
    complete = not settings.quick and not args.rows
    if complete:
        (BENCH / "RESULTS.md").write_text(text, encoding="utf-8")
    log(f"wrote {args.results}" + (f" and {BENCH / 'RESULTS.md'}" if complete else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
