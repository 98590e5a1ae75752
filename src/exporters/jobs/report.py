"""What the command line tells the user: one line per problem, a progress bar on a
terminal, a summary, or a JSON report for scripts (``--json``)."""

from __future__ import annotations

import sys
from typing import Any

from ..checks import has_errors
from .article import Outcome

__all__ = ["Reporter", "CheckReporter"]

#: Above this many inputs, written files are summed up instead of listed one by one.
_LIST_LIMIT = 20


class Reporter:
    """Collects outcomes, prints them as they come, and decides the exit code.

    Exit code: 2 when inputs failed and nothing succeeded; 1 when any input failed
    or any check found an error; 0 otherwise.
    """

    def __init__(self, json_output: bool = False, total: int = 0, extra: dict[str, Any] | None = None) -> None:
        self.json_output = json_output
        self.total = total
        #: What a command adds to its JSON report (the newsletter's manifest).
        self.extra = dict(extra or {})
        self.outcomes: list[Outcome] = []
        self._progress: Any = None
        self._task: Any = None

    def __enter__(self) -> Reporter:
        if self.total > 1 and not self.json_output and sys.stderr.isatty():
            from rich.progress import Progress

            self._progress = Progress(transient=True)
            self._progress.start()
            self._task = self._progress.add_task("exporting", total=self.total)
        return self

    def __exit__(self, *exc: object) -> None:
        if self._progress is not None:
            self._progress.stop()
        if exc[0] is None:
            self._finish()

    def outcome(self, outcome: Outcome) -> None:
        self.outcomes.append(outcome)
        if self._progress is not None:
            self._progress.advance(self._task)
        if self.json_output:
            return
        if outcome.error:
            self._say(f"exporters: {outcome.error}")
        for item in outcome.findings:
            self._say(f"{outcome.input}: {item.line()}")
        if self.total <= _LIST_LIMIT:
            for written in outcome.written:
                verb = "up to date" if written.format in outcome.current else "wrote"
                self._say(f"{verb} {written.path}")

    def note(self, line: str) -> None:
        """A line of the command's own (a summary, a refusal); quiet under ``--json``."""
        if not self.json_output:
            self._say(line)

    def exit_code(self) -> int:
        failed = [o for o in self.outcomes if o.error]
        if failed and len(failed) == len(self.outcomes):
            return 2
        if failed or any(has_errors(o.findings) for o in self.outcomes):
            return 1
        return 0

    def _say(self, line: str) -> None:
        if self._progress is not None:
            self._progress.console.print(line, markup=False, highlight=False)
        else:
            print(line, file=sys.stderr)

    def _finish(self) -> None:
        if self.json_output:
            import json  # only --json prints JSON: a plain run spares the module

            print(json.dumps(self.as_json(), indent=2, ensure_ascii=False))
            return
        current = sum(1 for o in self.outcomes for w in o.written if w.format in o.current)
        files = sum(len(o.written) for o in self.outcomes) - current
        errors = sum(1 for o in self.outcomes for f in o.findings if f.severity == "error") + sum(1 for o in self.outcomes if o.error)
        warnings = sum(1 for o in self.outcomes for f in o.findings if f.severity == "warning")
        if self.total > 1:
            kept = f", {current} up to date" if current else ""
            self._say(f"{len(self.outcomes)} input(s), {files} file(s) written{kept}, {errors} error(s), {warnings} warning(s)")

    def as_json(self) -> dict[str, Any]:
        results = []
        for o in self.outcomes:
            shared = [f.to_dict() for f in o.findings if not f.format]
            outputs = [
                {"path": str(w.path), "format": w.format, "sha256": w.sha256, "up_to_date": w.format in o.current,
                 "findings": shared + [f.to_dict() for f in o.findings if f.format == w.format]}
                for w in o.written
            ]
            results.append({"input": str(o.input), "article": o.article, "error": o.error, "skipped": o.skipped,
                            "findings": [f.to_dict() for f in o.findings], "outputs": outputs})
        return {**self.extra, "results": results, "exit_code": self.exit_code()}


class CheckReporter:
    """What ``exporters check`` prints: one line per file on standard output, ``PATH: ok`` or
    one line per finding, then a summary when several files were checked; or, with
    ``--json``, every checked file with its format, SHA-256 and findings.

    Exit code: 2 when no file could be checked at all (unknown suffix, missing);
    1 when any file could not be checked or has an error; 0 otherwise.
    """

    def __init__(self, json_output: bool = False) -> None:
        self.json_output = json_output
        self.files: list[Any] = []

    def __enter__(self) -> CheckReporter:
        return self

    def __exit__(self, *exc: object) -> None:
        if exc[0] is None:
            self._finish()

    def checked(self, checked: Any) -> None:
        self.files.append(checked)
        if self.json_output:
            return
        if checked.error:
            print(f"exporters: {checked.error}", file=sys.stderr)
        elif checked.findings:
            for item in checked.findings:
                print(f"{checked.path}: {item.line()}")
        else:
            print(f"{checked.path}: ok")

    def exit_code(self) -> int:
        failed = [c for c in self.files if c.error]
        if failed and len(failed) == len(self.files):
            return 2
        return 0 if all(c.ok for c in self.files) else 1

    def _finish(self) -> None:
        if self.json_output:
            import json

            print(json.dumps({"files": [c.to_dict() for c in self.files], "exit_code": self.exit_code()},
                             indent=2, ensure_ascii=False))
        elif len(self.files) > 1:
            ok = sum(1 for c in self.files if c.ok)
            errors = sum(1 for c in self.files for f in c.findings if f.severity == "error") + sum(1 for c in self.files if c.error)
            warnings = sum(1 for c in self.files for f in c.findings if f.severity == "warning")
            print(f"{len(self.files)} file(s) checked, {ok} ok, {errors} error(s), {warnings} warning(s)")
