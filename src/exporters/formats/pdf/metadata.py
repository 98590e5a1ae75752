"""What a PDF declares about itself: the document facts, the XMP packet, PDF dates.

The facts come from :func:`exporters.facts.document_facts`; :func:`xmp_packet` writes them as XMP
(Dublin Core, XMP basic, rights, PRISM), which the exporter puts in the catalog's
``/Metadata`` next to the Info dictionary.
"""

from __future__ import annotations

from datetime import UTC, datetime

from ...attribution import iso_date
from ...facts import GENERATOR, DocumentFacts
from ...text import xml_safe

__all__ = ["CREATOR", "NAMESPACES", "PRODUCER", "pdf_date", "xmp_packet"]

CREATOR = GENERATOR
PRODUCER = f"{GENERATOR} (ReportLab PDF Library)"


# -- XMP ---------------------------------------------------------------------------------------

NAMESPACES = {
    "x": "adobe:ns:meta/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "dc": "http://purl.org/dc/elements/1.1/",
    "xmp": "http://ns.adobe.com/xap/1.0/",
    "pdf": "http://ns.adobe.com/pdf/1.3/",
    "xmpRights": "http://ns.adobe.com/xap/1.0/rights/",
    "xmpMM": "http://ns.adobe.com/xap/1.0/mm/",
    "prism": "http://prismstandard.org/namespaces/basic/3.0/",
    "pdfuaid": "http://www.aiim.org/pdfua/ns/id/",
}
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def xmp_packet(facts: DocumentFacts, pdfua: bool = False) -> bytes:
    """The XMP metadata packet (UTF-8) for ``facts``: Dublin Core, XMP basic, rights, PRISM,
    and with ``pdfua`` the PDF/UA identification (``pdfuaid:part`` 1).

    >>> from exporters.facts import document_facts   # doctest: +SKIP
    >>> b"<dc:title>" in xmp_packet(document_facts(bundle))   # doctest: +SKIP
    True
    """
    from lxml import etree

    def q(name: str) -> str:
        prefix, local = name.split(":")
        return f"{{{NAMESPACES[prefix]}}}{local}"

    root = etree.Element(q("x:xmpmeta"), nsmap={"x": NAMESPACES["x"]})
    rdf = etree.SubElement(root, q("rdf:RDF"), nsmap={"rdf": NAMESPACES["rdf"]})
    description = etree.SubElement(rdf, q("rdf:Description"), {q("rdf:about"): ""},
                                   nsmap={key: value for key, value in NAMESPACES.items()
                                          if key not in ("x", "rdf") and (pdfua or key != "pdfuaid")})

    def simple(name: str, value: str) -> None:
        if value:
            etree.SubElement(description, q(name)).text = xml_safe(value)

    def container(name: str, kind: str, values: tuple[str, ...] | list[str], lang: bool = False) -> None:
        values = [value for value in values if value]
        if not values:
            return
        holder = etree.SubElement(etree.SubElement(description, q(name)), q(f"rdf:{kind}"))
        for value in values:
            item = etree.SubElement(holder, q("rdf:li"), {_XML_LANG: "x-default"} if lang else {})
            item.text = xml_safe(value)

    built = _xmp_date(facts.built)
    simple("dc:format", "application/pdf")
    container("dc:title", "Alt", [facts.title], lang=True)
    container("dc:creator", "Seq", facts.authors)
    container("dc:contributor", "Bag", facts.credited)
    container("dc:description", "Alt", [facts.description], lang=True)
    container("dc:subject", "Bag", facts.keywords)
    container("dc:publisher", "Bag", facts.publishers)
    container("dc:rights", "Alt", ["\n".join(facts.rights)], lang=True)
    container("dc:language", "Bag", [facts.language])
    container("dc:date", "Seq", [iso_date(facts.published)])
    simple("dc:identifier", facts.identifier)
    simple("xmp:CreateDate", built)
    simple("xmp:ModifyDate", built)
    simple("xmp:MetadataDate", built)
    simple("xmp:CreatorTool", CREATOR)
    simple("pdf:Producer", PRODUCER)
    simple("pdf:Keywords", ", ".join(facts.keywords))
    if facts.rights:
        simple("xmpRights:Marked", "True")
    if facts.licence.startswith(("http://", "https://")):
        simple("xmpRights:WebStatement", facts.licence)
    container("xmpRights:UsageTerms", "Alt", [facts.usage_terms], lang=True)
    simple("xmpMM:DocumentID", facts.identifier)
    simple("prism:url", facts.url)
    simple("prism:publicationDate", iso_date(facts.published))
    simple("prism:modificationDate", iso_date(facts.modified))
    if pdfua:
        simple("pdfuaid:part", "1")
    body = etree.tostring(root, encoding="utf-8")
    return b'<?xpacket begin="\xef\xbb\xbf" id="W5M0MpCehiHzreSzNTczkc9d"?>\n' + body + b'\n<?xpacket end="r"?>'


def _xmp_date(moment: datetime) -> str:
    return moment.isoformat()


def pdf_date(moment: datetime) -> str:
    """``D:20260302140500+05'00'``: a PDF date string with the moment's own offset."""
    offset = moment.utcoffset() or (moment - moment.replace(tzinfo=UTC) if moment.tzinfo else None)
    minutes = int(offset.total_seconds() // 60) if offset else 0
    sign = "+" if minutes >= 0 else "-"
    hours, rest = divmod(abs(minutes), 60)
    return f"D:{moment:%Y%m%d%H%M%S}{sign}{hours:02d}'{rest:02d}'"


