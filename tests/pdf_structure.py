"""Reading a tagged PDF's structure back with pikepdf: elements, their content, and what is left unmarked.

Shared by the PDF tagging tests and the property test of the PDF format.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pikepdf

#: Operators that paint text or an image.
PAINTING = frozenset({"Tj", "TJ", "'", '"', "Do"})


def elements(node: Any, parents: tuple[str, ...] = ()) -> Iterator[tuple[Any, tuple[str, ...]]]:
    """Every structure element under ``node`` as ``(element, ancestors' types)``, in tree order."""
    kids = node.get("/K")
    for kid in (kids if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else []):
        if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
            yield kid, parents
            yield from elements(kid, (*parents, str(kid.S)))


def content_items(element: Any) -> Iterator[tuple]:
    """``("mcid", page objgen, mcid)`` and ``("objr", annotation objgen)`` for the element's own content."""
    kids = element.get("/K")
    for kid in (kids if isinstance(kids, pikepdf.Array) else [kids]):
        if isinstance(kid, pikepdf.Dictionary):
            if kid.get("/Type") == "/MCR":
                yield "mcid", kid.Pg.objgen, int(kid.MCID)
            elif kid.get("/Type") == "/OBJR":
                yield "objr", kid.Obj.objgen
        elif not isinstance(kid, pikepdf.Array):
            yield "mcid", element.Pg.objgen, int(kid)


def parent_tree(pdf: Any) -> dict[int, Any]:
    """The ParentTree's numbers: page number -> array of elements by MCID, annotation key -> element."""
    numbers = pdf.Root.StructTreeRoot.ParentTree.Nums
    return {int(numbers[index]): numbers[index + 1] for index in range(0, len(numbers), 2)}


def marking_problems(pdf: Any) -> list[str]:
    """What breaks the tagging of ``pdf`` (empty when nothing does).

    Text and images are painted inside marked content with an MCID or inside an
    ``/Artifact``; every MCID belongs to one element, and the ParentTree maps every MCID
    of every page back to that element; every page has one pagination artifact (its footer).
    """
    problems: list[str] = []
    owner: dict[tuple, Any] = {}
    for element, _ in elements(pdf.Root.StructTreeRoot):
        for item in content_items(element):
            if item in owner:
                problems.append(f"{item} belongs to two elements")
            owner[item] = element.objgen
    numbers = parent_tree(pdf)
    for number, page in enumerate(pdf.pages, start=1):
        stack: list[tuple[bool, int | None]] = []
        seen: list[int] = []
        pagination = 0
        for operands, operator in pikepdf.parse_content_stream(page):
            name = str(operator)
            if name in ("BMC", "BDC"):
                properties = operands[1] if name == "BDC" else None
                mcid = int(properties.MCID) if properties is not None and "/MCID" in properties else None
                artifact = str(operands[0]) == "/Artifact"
                pagination += artifact and properties is not None and properties.get("/Type") == "/Pagination"
                stack.append((artifact, mcid))
                if mcid is not None:
                    seen.append(mcid)
                    if ("mcid", page.objgen, mcid) not in owner:
                        problems.append(f"page {number}: MCID {mcid} has no element")
            elif name == "EMC":
                stack.pop()
            elif name in PAINTING and not any(artifact or mcid is not None for artifact, mcid in stack):
                problems.append(f"page {number}: {name} {operands[:1]} outside marked content")
        if stack or pagination != 1:
            problems.append(f"page {number}: {len(stack)} marked content left open, {pagination} pagination artifacts")
        if sorted(seen) != list(range(len(seen))):
            problems.append(f"page {number}: MCIDs {sorted(seen)} are not 0 to {len(seen) - 1}")
        elif [element.objgen for element in numbers[number - 1]] != [owner.get(("mcid", page.objgen, mcid))
                                                                    for mcid in range(len(seen))]:
            problems.append(f"page {number}: the ParentTree does not map its MCIDs to their elements")
    return problems
