"""Print PDF: a newsroom page laid out with reportlab, fonts embedded, metadata in Info and XMP.

::

    >>> from exporters import api
    >>> bundle = api.read_bundle(["samples/articles/port-of-aktau.json"])
    >>> artifact = api.render(bundle, "pdf", {"page_size": "Letter"})
    >>> PdfExporter().inspect(artifact.data).title
    'Caspian Port Doubles Grain Shipments as Rail Link Opens'

What the file holds:

- every part of the article in reading order (kicker, headline, dek, byline and
  credits, dateline and dates, lead figure, body, notices, rights, publisher, URL),
  a running footer with the publisher and "page N of M", live http/https/mailto links;
- FiraGO regular, bold, italic and bold italic, embedded and subset (not even the
  Helvetica reportlab starts every page with); for what FiraGO lacks (Armenian, CJK,
  emoji, ...) the fallback fonts of the style file, subset too (:mod:`.fonts`);
  Persian and Arabic shaped and set right to left; a word longer than its line is cut
  with a soft hyphen that the read-back joins;
- the Info dictionary (title, authors, subject, keywords, dates) and an XMP packet
  (the same plus publisher, rights, contributors, language, identifier, dates), the
  catalog ``/Lang``, ``DisplayDocTitle``, and an outline: headline and subheads, or
  contents, sections and articles for an edition (which also gets a contents page);
- tags (PDF/UA-1): a structure tree of standard types over every part, in reading order,
  with the rules and the running footer as artifacts (:mod:`.tagging`);
- the same bytes for the same input: dates come from :func:`~exporters.facts.build_time`.

The package, one job per module (in the manner of pandoc's ``Writers/Docx``):
:mod:`.exporter` (options, render, inspect), :mod:`.style`, :mod:`.fonts`, :mod:`.bidi`,
:mod:`.breaking`, :mod:`.markup`, :mod:`.flowables`, :mod:`.story`, :mod:`.canvas`
(page furniture), :mod:`.tagging`, :mod:`.metadata` and :mod:`.readback`.

Options (``-O key=value``): ``page_size=A4|Letter`` and ``style=path.yaml``, a style
file layered over ``templates/pdf/style.yaml`` (margins, type scale, colours);
``tagged=false`` leaves the tags out (see :class:`~.exporter.PdfOptions`).
"""


from __future__ import annotations

from .exporter import PdfExporter, PdfOptions
from .metadata import xmp_packet

__all__ = ["PdfExporter", "PdfOptions", "xmp_packet"]
