"""The exporter interface every format implements.

An exporter describes itself in class attributes and turns a :class:`~exporters.model.Bundle`
into bytes with a pure :meth:`Exporter.render` (no file writes, no network). Its
:meth:`Exporter.inspect` reads metadata and visible text back out of such bytes
with a real parser, so the checks can compare what was written with the model::

    class MarkdownExporter(Exporter):
        name = "md"
        suffix = ".md"
        media_type = "text/markdown"
        description = "CommonMark with YAML front matter"

        def render(self, bundle):
            return self.artifact(render_markdown(bundle).encode())

        def inspect(self, data):
            return Inspection(format=self.name, title=..., text=data.decode())
"""

from __future__ import annotations

from typing import Any, ClassVar

import msgspec

from ..model import Bundle

__all__ = ["Artifact", "Exporter", "Inspection", "NoOptions"]


class NoOptions(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """Options of an exporter that takes none."""


class Artifact(msgspec.Struct, frozen=True, kw_only=True):
    """The bytes of one rendered output and what they are."""

    format: str
    media_type: str
    suffix: str
    data: bytes


class Inspection(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    """What a real parser read back out of an artifact.

    Metadata fields hold what the file *declares* (OPF, PDF Info and XMP,
    ``docProps/core.xml``, feed elements, the text header); ``text`` holds what a
    reader *sees*. For feeds, ``items`` holds one inspection per entry.
    """

    format: str
    title: str = ""
    language: str = ""
    authors: tuple[str, ...] = ()
    contributors: tuple[str, ...] = ()
    publisher: str = ""
    rights: str = ""
    published: str = ""
    modified: str = ""
    identifier: str = ""
    description: str = ""
    keywords: tuple[str, ...] = ()
    text: str = ""
    extra: dict[str, Any] = {}
    items: tuple[Inspection, ...] = ()


class Exporter:
    """Base class of every output format.

    Subclasses set the class attributes and implement :meth:`render` and
    :meth:`inspect`. ``Options`` is a frozen msgspec struct; ``-O key=value`` on
    the command line is converted into it.
    """

    name: ClassVar[str]
    aliases: ClassVar[tuple[str, ...]] = ()
    suffix: ClassVar[str]
    media_type: ClassVar[str]
    description: ClassVar[str] = ""
    Options: ClassVar[type[msgspec.Struct]] = NoOptions

    def __init__(self, options: msgspec.Struct | None = None) -> None:
        self.options = options if options is not None else self.Options()

    @classmethod
    def make_options(cls, values: dict[str, Any]) -> msgspec.Struct:
        """Options from ``-O key=value`` strings (``true``, ``12`` and lists convert);
        a bad key or value is a usage error naming it (:mod:`exporters.formats.options`)."""
        from .options import convert_options

        options = convert_options(cls.name, cls.Options, values)
        cls.check_options(options)
        return options

    @classmethod
    def check_options(cls, options: Any) -> None:
        """Refuse option values that convert but cannot work (a style file that does not parse):
        raise :class:`~exporters.errors.UsageError`. Called once, before any article is read."""

    def render(self, bundle: Bundle) -> Artifact:
        """The bytes of ``bundle`` in this format. Pure: no file writes, no network."""
        raise NotImplementedError

    def inspect(self, data: bytes) -> Inspection:
        """Read metadata and visible text back out of ``data`` with a real parser."""
        raise NotImplementedError

    def artifact(self, data: bytes) -> Artifact:
        """Wrap rendered bytes with this format's name, media type and suffix."""
        return Artifact(format=self.name, media_type=self.media_type, suffix=self.suffix, data=data)
