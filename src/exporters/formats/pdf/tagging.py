"""Tagged PDF (PDF/UA-1): the structure tree, built while the story is laid out, written at the end.

reportlab writes no structure tree, so the PDF gets one here, in three steps:

1. :class:`~.story.StoryBuilder` makes an :class:`Element` for every part of the article
   as it makes the flowables (``Document`` > ``Art`` > ``H1``, ``P``, ``BlockQuote``,
   ``L``/``LI``/``Lbl``/``LBody``, ``Figure``/``Caption``, ``TOC``/``TOCI``, ``Link``) and
   gives each flowable the element its painting belongs to;
2. when a flowable draws, :class:`~.canvas.PagedCanvas` wraps its painting in marked
   content with the next MCID of the page (``/P <</MCID 3>> BDC ... EMC``) and adds that
   :class:`Marked` content, or the link annotation it made (:class:`Annotated`), to the
   element's kids; what only decorates (rules, the running footer) is an ``/Artifact``;
3. :func:`write_structure` turns the elements into ``StructElem`` objects of the
   document, with the ``ParentTree`` that maps every page's MCIDs and every link
   annotation back to its element, and :func:`mark_pages` gives every page its
   ``/StructParents`` and ``/Tabs /S``.

The tree is written with reportlab's own PDF objects as the document is saved, so no
second pass parses the file again.

>>> document = Element("Document")
>>> article = document.add("Art", lang="kk")
>>> [kid.role for kid in document.kids], article.add("H1").parent.role
(['Art'], 'Art')
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from reportlab.pdfbase.pdfdoc import PDFArray, PDFDictionary, PDFName, PDFObjectReference, PDFPage, PDFString

__all__ = ["Annotated", "Element", "Marked", "mark_pages", "marked_content", "pdf_text_string", "write_structure"]


@dataclass(frozen=True)
class Marked:
    """A marked-content sequence: the ``mcid`` of page ``page`` (counted from 0)."""

    page: int
    mcid: int


@dataclass(frozen=True)
class Annotated:
    """A link annotation of page ``page``: reportlab's annotation object and the reference it gave it."""

    page: int
    annotation: Any
    reference: Any


@dataclass(eq=False)
class Element:
    """A structure element: standard type ``role``, language, alternate text and kids in reading order."""

    role: str
    parent: Element | None = None
    lang: str = ""
    alt: str = ""
    kids: list[Element | Marked | Annotated] = field(default_factory=list)

    def add(self, role: str, lang: str = "", alt: str = "") -> Element:
        """A new last kid of this element."""
        child = Element(role, self, lang, alt)
        self.kids.append(child)
        return child

    def has_content(self) -> bool:
        """True when some marked content or annotation lies below this element."""
        return any(not isinstance(kid, Element) or kid.has_content() for kid in self.kids)


def pdf_text_string(text: str) -> str:
    """A PDF text string in UTF-16 with a byte order mark, written in hex: ``<FEFF0048>``.

    >>> pdf_text_string("H")
    '<FEFF0048>'
    """
    return "<FEFF" + text.encode("utf-16-be").hex().upper() + ">"


def marked_content(role: str, mcid: int) -> str:
    """The operator that opens the marked content of one element on a page.

    >>> marked_content("P", 3)
    '/P <</MCID 3>> BDC'
    """
    return f"/{role} <</MCID {mcid}>> BDC"


#: Opens running headers and footers: pagination artifacts (ISO 32000-1, 14.8.2.2.2).
FOOTER_ARTIFACT = "/Artifact <</Type /Pagination /Subtype /Footer>> BDC"


def write_structure(doc: Any, root: Element, pages: list[Any], language: str) -> tuple[Any, Any]:
    """Register the structure tree under ``root`` in reportlab document ``doc``.

    ``pages`` holds the reference of every page, in order; ``language`` is the document's
    (the catalog ``/Lang``): an element gets ``/Lang`` only where its language differs
    from the one it is inside. Returns the ``StructTreeRoot`` and ``MarkInfo`` for the catalog.
    """
    parents: dict[int, list[Any]] = {number: [] for number in range(len(pages))}
    annotations: list[Any] = []
    tree_root = PDFDictionary({"Type": PDFName("StructTreeRoot")})
    root_reference = doc.Reference(tree_root, "StructTreeRoot")
    names = iter(range(1, 1 << 30))

    def write(element: Element, parent: Any, inherited: str) -> Any:
        reference = PDFObjectReference(f"StructElem{next(names)}")
        marked = [kid for kid in element.kids if isinstance(kid, Marked)]
        page = marked[0].page if marked else next((kid.page for kid in element.kids if isinstance(kid, Annotated)), None)
        lang = element.lang or inherited
        kids: list[Any] = []
        for kid in _in_drawing_order(element.kids):
            if isinstance(kid, Element):
                if kid.has_content():
                    kids.append(write(kid, reference, lang))
            elif isinstance(kid, Marked):
                mcids = parents[kid.page]
                mcids.extend([None] * (kid.mcid + 1 - len(mcids)))
                mcids[kid.mcid] = reference
                kids.append(kid.mcid if kid.page == page else PDFDictionary(
                    {"Type": PDFName("MCR"), "Pg": pages[kid.page], "MCID": kid.mcid}))
            else:
                _set_struct_parent(kid.annotation, len(pages) + len(annotations))
                annotations.append(reference)
                kids.append(PDFDictionary({"Type": PDFName("OBJR"), "Obj": kid.reference, "Pg": pages[kid.page]}))
        entries: dict[str, Any] = {"Type": PDFName("StructElem"), "S": PDFName(element.role), "P": parent}
        if page is not None:
            entries["Pg"] = pages[page]
        if element.lang and element.lang != inherited:
            entries["Lang"] = PDFString(element.lang)
        if element.alt:
            entries["Alt"] = PDFString(element.alt)
        entries["K"] = kids[0] if len(kids) == 1 else PDFArray(kids)  # one kid: itself, as most writers do
        doc.Reference(PDFDictionary(entries), reference.name)
        return reference

    document = write(root, root_reference, language)
    numbers: list[Any] = []
    for page, mcids in parents.items():
        numbers += [page, PDFArray(mcids)]
    for key, element in enumerate(annotations, start=len(pages)):
        numbers += [key, element]
    tree_root.dict.update({
        "K": document,
        "ParentTree": PDFDictionary({"Nums": PDFArray(numbers)}),
        "ParentTreeNextKey": len(pages) + len(annotations),
    })
    return root_reference, PDFDictionary({"Marked": "true"})


def _in_drawing_order(kids: list[Element | Marked | Annotated]) -> list[Element | Marked | Annotated]:
    """``kids`` in the order they were drawn: a figure's image before the caption made with it.

    Kids are made as the story is built and content is marked as it is drawn, so an element
    can come before content drawn ahead of it. An annotation stays after what precedes it.
    """
    keyed, last = [], (-1, -1)
    for kid in kids:
        at = _first_drawn(kid)
        last = at if at is not None else last
        keyed.append((last, kid))
    return [kid for _, kid in sorted(keyed, key=lambda pair: pair[0])]


def _first_drawn(kid: Element | Marked | Annotated) -> tuple[int, int] | None:
    """``(page, mcid)`` of the first marked content at or under ``kid`` (``None``: none)."""
    if isinstance(kid, Marked):
        return (kid.page, kid.mcid)
    if isinstance(kid, Annotated):
        return None
    found = [at for at in map(_first_drawn, kid.kids) if at is not None]
    return min(found, default=None)


def _set_struct_parent(annotation: Any, key: int) -> None:
    """``/StructParent key`` on a link annotation: reportlab's ``LinkAnnotation`` (internal
    links) checks its keys against ``permitted``; a URI link is a plain dictionary."""
    if isinstance(annotation, PDFDictionary):
        annotation["StructParent"] = key
    else:
        annotation.permitted = (*annotation.permitted, "StructParent")
        annotation.otherkw["StructParent"] = key


def mark_pages(pages: list[PDFPage]) -> None:
    """Give every page its ``/StructParents`` (its number) and ``/Tabs /S`` (tab through
    annotations in structure order). reportlab writes only the page keys it lists in
    ``__NoDefault__``, so the page's own list is extended by these two."""
    for number, page in enumerate(pages):
        page.__NoDefault__ = [*PDFPage.__NoDefault__, "StructParents", "Tabs"]
        page.StructParents = number
        page.Tabs = PDFName("S")
