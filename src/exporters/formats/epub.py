"""EPUB 3 books: one chapter per article, accessibility metadata derived from the content.

EbookLib assembles the package (OPF, NCX, manifest, spine); the pages themselves
come from Jinja templates in ``templates/epub/`` (chapter, cover, title page,
contents page, stylesheet), so a newsroom can restyle a book without touching code::

    >>> from exporters import api
    >>> bundle = api.read_bundle(["samples/articles/port-of-aktau.json"])
    >>> artifact = EpubExporter().render(bundle)
    >>> EpubExporter().inspect(artifact.data).title
    'Caspian Port Doubles Grain Shipments as Rail Link Opens'

What the book claims about its accessibility is worked out from what it holds:
``visual`` access mode only when an informative image is embedded,
``alternativeText`` only when every such image has alt text, and conformance to
EPUB Accessibility 1.1 / WCAG 2.2 AA only when that holds. The same input gives
the same bytes: identifiers come from article ids, times from :func:`build_time`,
and the zip is rewritten with fixed entry times (``mimetype`` first, stored).
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from datetime import UTC, datetime
from functools import cache
from typing import Any, Literal
from urllib.parse import unquote

import msgspec
from lxml import etree
from markupsafe import Markup

from .. import attribution
from ..errors import ResourceError
from ..facts import DocumentFacts, build_time, document_facts, unique
from ..labels import labels
from ..media import Image
from ..model import Article, Bundle, Resource
from ..resources import left_out
from ..text import paragraphs, xml_safe
from .base import Artifact, Exporter, Inspection
from .common import ImageCatalogue, live_href, read_member, visible_text, zip_parts

__all__ = ["CONFORMANCE", "MARC_ROLES", "Accessibility", "EpubExporter", "EpubOptions", "accessibility_of"]

CONFORMANCE = "EPUB Accessibility 1.1 - WCAG 2.2 Level AA"

_NS = {
    "opf": "http://www.idpf.org/2007/opf",
    "dc": "http://purl.org/dc/elements/1.1/",
    "xhtml": "http://www.w3.org/1999/xhtml",
    "container": "urn:oasis:names:tc:opendocument:xmlns:container",
}
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_FOLDER = "EPUB"
_STYLESHEET = "book.css"

#: MARC relator codes for the plain role words of the model (``Person.role``, ``Credit.role``).
MARC_ROLES = {
    "author": "aut", "writer": "aut", "reporter": "aut", "correspondent": "aut", "columnist": "aut",
    "contributor": "ctb", "editor": "edt", "editing": "edt", "photographer": "pht", "photo": "pht",
    "photos": "pht", "photography": "pht", "translator": "trl", "translation": "trl",
    "illustrator": "ill", "illustration": "ill", "data": "dtc", "research": "res", "researcher": "res",
}


class EpubOptions(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """Options of the ``epub`` format (``-O key=value``).

    ``templates``: a folder searched before the shipped ``templates/epub``.
    ``missing_images``: ``error`` (default) refuses a figure whose image was not
    loaded, naming its file; ``text`` prints its alt text instead (and the book
    then claims no visual content for it).
    ``cover``: make the first embedded lead image the cover.
    """

    templates: str = ""
    missing_images: Literal["error", "text"] = "error"
    cover: bool = True


# -- what the book holds -------------------------------------------------------------------


class Picture(msgspec.Struct, frozen=True):
    """How one image appears in the book: a file in ``images/``, or text only."""

    embedded: bool
    src: str = ""
    alt: str = ""
    decorative: bool = False
    width: int = 0
    height: int = 0


class _Media(msgspec.Struct):
    """The image files of a book (``images/image-001.png`` ...) and the informative images shown."""

    catalogue: ImageCatalogue = msgspec.field(default_factory=ImageCatalogue)
    informative: list[Image] = msgspec.field(default_factory=list)

    def add(self, image: Image, resource: Resource) -> Picture:
        path = f"images/{self.catalogue.add(resource).file_name}"
        if not image.decorative:
            self.informative.append(image)
        return Picture(True, path, xml_safe(image.alt), image.decorative, resource.width, resource.height)


_Views = dict[tuple[str, int], Picture]


def _collect_media(bundle: Bundle, missing: str) -> tuple[_Media, _Views]:
    """Every image of the bundle, decided once: embedded file or text only.

    The views are keyed by ``(article id, id(image))`` so a chapter template can look
    up the image object it is printing.
    """
    media = _Media()
    views: _Views = {}
    for article in bundle.articles:
        for image in article.images():
            resource = bundle.resource(article, image)
            if resource is None and image.src and missing == "error" and not left_out(image.src, None):
                raise ResourceError(article.id, "", f"image file not loaded: {image.src}")
            if resource is None:
                views[article.id, id(image)] = Picture(False, alt=xml_safe(image.alt), decorative=image.decorative)
            else:
                views[article.id, id(image)] = media.add(image, resource)
    return media, views


class Accessibility(msgspec.Struct, frozen=True):
    """The schema.org accessibility metadata a book may truthfully claim."""

    access_modes: tuple[str, ...]
    sufficient: tuple[str, ...]
    features: tuple[str, ...]
    conforms: bool
    summary: str


def accessibility_of(informative: list[Image]) -> Accessibility:
    """Derive the claims from the informative (non-decorative) images actually embedded.

    >>> accessibility_of([]).access_modes
    ('textual',)
    >>> accessibility_of([Image(src="a.png", alt="")]).features
    ('structuralNavigation', 'tableOfContents', 'readingOrder', 'displayTransformability')
    """
    visual = bool(informative)
    described = all(image.alt.strip() for image in informative)
    features = ["structuralNavigation", "tableOfContents", "readingOrder", "displayTransformability"]
    if visual and described:
        features.insert(2, "alternativeText")
    sufficient = (("textual,visual", "textual") if described else ("textual,visual",)) if visual else ("textual",)
    return Accessibility(
        access_modes=("textual", "visual") if visual else ("textual",),
        sufficient=sufficient,
        features=tuple(features),
        conforms=described,
        summary=_summary(len(informative), visual, described),
    )


def _summary(count: int, visual: bool, described: bool) -> str:
    parts = ["Text with real headings, a table of contents and one reading order; the text reflows and can be resized."]
    if not visual:
        parts.append("No informative images are embedded; captions and credits are given as text.")
    elif described:
        parts.append(f"{count} embedded image{'s' if count != 1 else ''}, each with a text description, caption and credit where given.")
    else:
        parts.append("Some embedded images lack a text description.")
    if described:
        parts.append(f"Meets {CONFORMANCE}.")
    return " ".join(parts)


# -- page rendering ------------------------------------------------------------------------


def _kind(node: Any) -> str:
    """The ``type`` tag of a block or inline; ``text`` for a plain string."""
    if isinstance(node, str):
        return "text"
    return type(node).__struct_config__.tag


def _heading(level: int, headline_level: int) -> str:
    """A body heading's tag under a headline at ``headline_level``: level 2 sits just below it."""
    return f"h{min(6, level + headline_level - 1)}"


def _finalize(value: Any) -> Any:
    """Every value printed by a template loses XML-illegal characters (markup is already clean)."""
    if isinstance(value, str) and not isinstance(value, Markup):
        return xml_safe(value)
    return value


@cache
def _environment(user_folder: str):
    from ..templates import environment

    env = environment("epub", user_folder or None, finalize=_finalize)
    env.filters.update(kind=_kind, live=lambda url: live_href(url) or "", heading=_heading)
    return env


def _page(env, name: str, **context: Any) -> bytes:
    return env.get_template(name).render(stylesheet=_STYLESHEET, **context).lstrip().encode("utf-8")


class _Chapter(msgspec.Struct, frozen=True):
    article: Article
    file: str
    level: int
    section: dict[str, str] | None


def _chapters(bundle: Bundle) -> list[_Chapter]:
    """One chapter file per article; a titled section opens with its heading in its first chapter."""
    chapters = []
    for number, section in enumerate(bundle.sections, start=1):
        titled = bool(section.title.strip()) and not bundle.is_single
        for index, article in enumerate(section.articles):
            level = 1 if bundle.is_single else 3 if titled else 2
            heading = {"title": section.title, "id": f"section-{number}"} if titled and index == 0 else None
            chapters.append(_Chapter(article, f"chapter-{len(chapters) + 1:03d}.xhtml", level, heading))
    return chapters


def _chapter_page(env, chapter: _Chapter, views: _Views) -> bytes:
    article = chapter.article
    return _page(
        env,
        "chapter.xhtml",
        lang=article.language,
        dir=article.text_direction,
        article=article,
        level=chapter.level,
        section=chapter.section,
        byline=attribution.byline(article),
        credit_lines=attribution.credit_lines(article),
        date_line=attribution.date_line(article),
        source_line=attribution.source_line(article),
        rights_line=attribution.rights_line(article),
        words=labels(article.language),
        picture=lambda image: views[article.id, id(image)],
    )


def _title_page(env, bundle: Bundle) -> bytes:
    words = labels(bundle.main_language)
    editors = [person.name for person in bundle.editors]
    return _page(
        env,
        "title.xhtml",
        lang=bundle.main_language,
        dir=bundle.text_direction,
        title=bundle.display_title,
        subtitle=bundle.subtitle,
        issue=bundle.issue,
        date=bundle.date.date().isoformat() if bundle.date else "",
        publisher=bundle.publisher.name if bundle.publisher else "",
        editors=f"{words['editors']} {attribution.join_names(editors, bundle.main_language)}" if editors else "",
        introduction=paragraphs(bundle.introduction),
        words=words,
    )


def _contents(bundle: Bundle, chapters: list[_Chapter]) -> list[dict[str, Any]]:
    """Contents entries: articles, grouped under their section when it has a title."""
    entries: list[dict[str, Any]] = []
    for chapter in chapters:
        entry = {"title": chapter.article.headline, "href": chapter.file, "children": []}
        if chapter.section:  # the section heading opens the file, the headline follows it
            entry["href"] = f"{chapter.file}#headline"
            entries.append({"title": chapter.section["title"], "href": chapter.file, "children": [entry]})
        elif chapter.level == 3 and entries:
            entries[-1]["children"].append(entry)
        else:
            entries.append(entry)
    return entries


# -- metadata --------------------------------------------------------------------------------


def _safe(value: str) -> str:
    return xml_safe(value).strip()


def _w3c_date(moment: datetime) -> str:
    return moment.replace(microsecond=0).isoformat()


def _creators(article: Article) -> list[tuple[str, str]]:
    """(name, MARC role) of the byline's writers, or the publisher standing in as author."""
    writers = [(person.name, MARC_ROLES.get(person.role, "aut")) for person in article.authors
               if person.role in attribution.WRITING_ROLES]
    return writers or [(name, "") for name in attribution.writer_names(article)]


def _contributors(article: Article) -> list[tuple[str, str]]:
    """(name, MARC role) of agencies, non-writing people and photo credits, in that order."""
    found = [(credit.name, MARC_ROLES.get(credit.role, "ctb")) for credit in article.credits]
    found += [(person.name, MARC_ROLES.get(person.role, "ctb")) for person in article.authors
              if person.role not in attribution.WRITING_ROLES]
    found += [(credit, "ctb") for credit in attribution.photo_credits(article)]
    return found


def _people(pairs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Names in first-seen order without repeats, XML-safe."""
    seen: dict[str, str] = {}
    for name, role in pairs:
        name = xml_safe(name).strip()
        if name and name not in seen:
            seen[name] = role
    return list(seen.items())


def _describe(book, bundle: Bundle, facts: DocumentFacts) -> None:
    """Dublin Core metadata of the book, from the document facts (the article's, or the edition's)."""
    articles = bundle.articles
    book.set_identifier(xml_safe(facts.identifier))
    book.set_title(xml_safe(facts.title))
    languages = unique(facts.languages, tidy=_safe)
    book.set_language(languages[0])
    for language in languages[1:]:
        book.add_metadata("DC", "language", language)
    for number, (name, role) in enumerate(_people([p for a in articles for p in _creators(a)]), start=1):
        book.add_author(name, role=role or None, uid=f"creator-{number}")
    contributors = [(editor.name, "edt") for editor in bundle.editors] + [p for a in articles for p in _contributors(a)]
    for number, (name, role) in enumerate(_people(contributors), start=1):
        book.add_metadata("DC", "contributor", name, {"id": f"contributor-{number}"})
        book.add_metadata(None, "meta", role, {"refines": f"#contributor-{number}", "property": "role", "scheme": "marc:relators"})
    for publisher in unique(facts.publishers, tidy=_safe):
        book.add_metadata("DC", "publisher", publisher)
    if facts.published:
        book.add_metadata("DC", "date", _w3c_date(facts.published))
    for rights in unique(facts.rights, tidy=_safe):
        book.add_metadata("DC", "rights", rights)
    for source in unique([facts.url] if facts.is_edition and facts.url else [a.url for a in articles], tidy=_safe):
        book.add_metadata("DC", "source", source)
    description = bundle.lead.summary if not facts.is_edition else facts.description
    if xml_safe(description).strip():
        book.add_metadata("DC", "description", xml_safe(description).strip())
    for keyword in unique(facts.keywords, tidy=_safe):
        book.add_metadata("DC", "subject", keyword)


def _declare_accessibility(book, claims: Accessibility, language: str) -> None:
    def meta(name: str, value: str, extra: dict[str, str] | None = None) -> None:
        book.add_metadata(None, "meta", value, {"property": name, **(extra or {})})

    for mode in claims.access_modes:
        meta("schema:accessMode", mode)
    for modes in claims.sufficient:
        meta("schema:accessModeSufficient", modes)
    for feature in claims.features:
        meta("schema:accessibilityFeature", feature)
    meta("schema:accessibilityHazard", "none")
    meta("schema:accessibilitySummary", claims.summary, None if language.split("-")[0] == "en" else {_XML_LANG: "en"})
    if claims.conforms:
        meta("dcterms:conformsTo", CONFORMANCE)


# -- assembling and packaging --------------------------------------------------------------------


def _build(bundle: Bundle, options: EpubOptions):
    """The EbookLib book for ``bundle``: pages, images, navigation and metadata."""
    from ebooklib import epub

    env = _environment(options.templates)
    media, views = _collect_media(bundle, options.missing_images)
    book = epub.EpubBook()
    _describe(book, bundle, document_facts(bundle))
    _declare_accessibility(book, accessibility_of(media.informative), bundle.main_language)
    book.set_direction(bundle.text_direction)

    cover = _cover(bundle, views) if options.cover else None
    for path, resource in ((f"images/{entry.file_name}", entry.resource) for entry in media.catalogue):
        is_cover = cover is not None and cover.src == path
        image = (epub.EpubCover if is_cover else epub.EpubImage)(uid=_uid(path), file_name=path)
        image.media_type, image.content = resource.media_type, resource.data
        book.add_item(image)
    if cover is not None:
        book.add_metadata(None, "meta", "", {"name": "cover", "content": _uid(cover.src)})
    book.add_item(epub.EpubItem(uid="style", file_name=_STYLESHEET, media_type="text/css",
                                content=env.get_template(_STYLESHEET).render().encode("utf-8")))

    page_args = {"lang": bundle.main_language, "dir": bundle.text_direction}
    spine = []
    if cover is not None and cover.alt and not cover.decorative:
        spine.append(_document(epub, "cover", "cover.xhtml", _page(
            env, "cover.xhtml", title=bundle.display_title, src=cover.src, alt=cover.alt,
            width=cover.width, height=cover.height, **page_args)))
    if not bundle.is_single:
        spine.append(_document(epub, "titlepage", "title.xhtml", _title_page(env, bundle)))
    chapters = _chapters(bundle)
    entries = _contents(bundle, chapters)
    heading = labels(bundle.main_language)["contents"]
    landmarks = [{"type": "bodymatter", "title": chapters[0].article.headline, "href": chapters[0].file}]
    if not bundle.is_single:  # a lone article's contents page stays out of the spine
        landmarks.insert(0, {"type": "toc", "title": heading, "href": "nav.xhtml#toc"})
    nav = _document(epub, "nav", "nav.xhtml", _page(env, "nav.xhtml", heading=heading, entries=entries,
                                                    landmarks=landmarks, **page_args))
    nav.properties = ["nav"]
    if not bundle.is_single:
        spine.append(nav)
    else:
        book.add_item(nav)
    for chapter in chapters:
        spine.append(_document(epub, _uid(chapter.file), chapter.file, _chapter_page(env, chapter, views)))
    for item in spine:
        book.add_item(item)
    book.spine = spine
    book.toc = _toc(epub, entries)
    book.add_item(epub.EpubNcx())
    return book


def _uid(path: str) -> str:
    """A manifest id from a file name: ``images/image-001.png`` -> ``image-001-png``."""
    return re.sub(r"[^A-Za-z0-9-]", "-", posixpath.basename(path))


def _document(epub, uid: str, file_name: str, content: bytes):
    """An XHTML page passed through EbookLib untouched (its own head, lang and dir)."""
    return epub.EpubItem(uid=uid, file_name=file_name, media_type="application/xhtml+xml", content=content)


def _cover(bundle: Bundle, views: _Views) -> Picture | None:
    """The first embedded lead image of the bundle, if any."""
    for article in bundle.articles:
        if article.lead_image and views[article.id, id(article.lead_image)].embedded:
            return views[article.id, id(article.lead_image)]
    return None


def _toc(epub, entries: list[dict[str, Any]]) -> list[Any]:
    """The NCX table of contents (EPUB 2 readers) from the same entries as the contents page."""
    toc: list[Any] = []
    for number, entry in enumerate(entries, start=1):
        link = epub.Link(entry["href"], xml_safe(entry["title"]), f"toc-{number}")
        if entry["children"]:
            children = [epub.Link(child["href"], xml_safe(child["title"]), f"toc-{number}-{index}")
                        for index, child in enumerate(entry["children"], start=1)]
            toc.append((epub.Section(xml_safe(entry["title"]), entry["href"]), children))
        else:
            toc.append(link)
    return toc


#: EbookLib's write options: what the toolkit asks of its OPF, NCX and nav.
_WRITE_OPTIONS = {"package_direction": True, "epub3_landmark": False, "epub3_pages": False, "raise_exceptions": True}


def _package(book, language: str, when: datetime) -> bytes:
    """Let EbookLib make every part of the book, set ``xml:lang`` on the OPF package, then zip the
    parts once, in EbookLib's order with ``mimetype`` first, at fixed times (:func:`zip_parts`)."""
    parts = _Parts()
    writer = _parts_writer()(parts, book, {**_WRITE_OPTIONS, "mtime": when.astimezone(UTC)})
    writer.process()
    writer.write()
    opf_name = f"{_FOLDER}/content.opf"
    return zip_parts([(name, _set_package_language(data, language) if name == opf_name else data)
                      for name, data in parts.entries], when, first=("mimetype",), stored=("mimetype",))


class _Parts:
    """Stands where EbookLib's writer keeps its zip file and keeps each part instead, so the
    book is zipped once rather than written by EbookLib and then rewritten twice."""

    def __init__(self) -> None:
        self.entries: list[tuple[str, bytes]] = []

    def writestr(self, name: str, data: str | bytes, compress_type: int | None = None) -> None:
        self.entries.append((name, data.encode("utf-8") if isinstance(data, str) else data))

    def close(self) -> None:
        """Nothing to close: the parts stay in memory."""


@cache
def _parts_writer() -> type:
    """EbookLib's writer, writing its parts to the :class:`_Parts` given as its file name instead of a zip."""
    from ebooklib import epub

    class PartsWriter(epub.EpubWriter):
        def write(self) -> None:
            self.out = self.file_name
            self.out.writestr("mimetype", "application/epub+zip")
            self._write_container()
            self._write_opf()
            self._write_items()

    return PartsWriter


def _set_package_language(opf: bytes, language: str) -> bytes:
    """EbookLib writes no ``xml:lang`` on ``<package>``; reading systems and Ace need it."""
    root = etree.fromstring(opf, _parser())
    root.set(_XML_LANG, language)
    return etree.tostring(root, xml_declaration=True, encoding="utf-8", pretty_print=True)


class EpubExporter(Exporter):
    """EPUB 3 with derived accessibility metadata; see the module documentation."""

    name = "epub"
    suffix = ".epub"
    media_type = "application/epub+zip"
    description = "EPUB 3 book with accessibility metadata (EbookLib)"
    Options = EpubOptions

    def render(self, bundle: Bundle) -> Artifact:
        """The book's bytes: identical for identical input."""
        options: EpubOptions = self.options  # type: ignore[assignment]
        when = build_time(bundle)
        book = _build(bundle, options)
        return self.artifact(_package(book, bundle.main_language, when))

    def inspect(self, data: bytes) -> Inspection:
        """Metadata from the OPF and visible text from the spine's XHTML, read with lxml."""
        try:
            return _inspect(self.name, zipfile.ZipFile(io.BytesIO(data)))
        except (zipfile.BadZipFile, KeyError, etree.XMLSyntaxError, AttributeError) as error:
            raise ValueError(f"not a readable EPUB: {error}") from None


# -- reading back ----------------------------------------------------------------------------


def _parser() -> etree.XMLParser:
    """The parser of every part read back: no entities, no network, no DTD. One for the process:
    lxml sets a parser up on its first document, which costs more than parsing a chapter, and it
    locks a parser that two threads use at once."""
    return _PARSER


_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)


def _inspect(name: str, archive: zipfile.ZipFile) -> Inspection:
    container = etree.fromstring(read_member(archive, "META-INF/container.xml"), _parser())
    opf_path = container.find(".//container:rootfile", _NS).get("full-path")
    package = etree.fromstring(read_member(archive, opf_path), _parser())
    metadata = package.find("opf:metadata", _NS)

    def dc(tag: str) -> list[str]:
        return [(element.text or "").strip() for element in metadata.findall(f"dc:{tag}", _NS)]

    def meta(prop: str) -> list[str]:
        return [(element.text or "").strip() for element in metadata.findall("opf:meta", _NS) if element.get("property") == prop]

    unique_id = package.get("unique-identifier")
    identifier = next((el.text or "" for el in metadata.findall("dc:identifier", _NS) if el.get("id") == unique_id), "")
    accessibility = {prop: meta(prop) for prop in (
        "schema:accessMode", "schema:accessModeSufficient", "schema:accessibilityFeature",
        "schema:accessibilityHazard", "schema:accessibilitySummary", "dcterms:conformsTo")}
    spine = package.find("opf:spine", _NS)
    documents = _spine_documents(archive, package, posixpath.dirname(opf_path))
    return Inspection(
        format=name,
        title=next(iter(dc("title")), ""),
        language=next(iter(dc("language")), ""),
        authors=tuple(dc("creator")),
        contributors=tuple(dc("contributor")),
        publisher="; ".join(dc("publisher")),
        rights="\n".join(dc("rights")),
        published=next(iter(dc("date")), ""),
        modified=next(iter(meta("dcterms:modified")), ""),
        identifier=identifier.strip(),
        description=next(iter(dc("description")), ""),
        keywords=tuple(dc("subject")),
        text="\n".join(_page_text(root) for root in documents.values()),
        extra={
            "accessibility": accessibility,
            "languages": dc("language"),
            "sources": dc("source"),
            "package_lang": package.get(_XML_LANG, ""),
            "package_dir": package.get("dir", ""),
            "page_progression_direction": spine.get("page-progression-direction", ""),
            "documents": {path: {"lang": root.get(_XML_LANG, ""), "dir": root.get("dir", "")} for path, root in documents.items()},
        },
    )


def _spine_documents(archive: zipfile.ZipFile, package, folder: str) -> dict[str, Any]:
    """The XHTML roots of the spine, in reading order, keyed by their path in the zip."""
    manifest = {item.get("id"): item.get("href") for item in package.findall("opf:manifest/opf:item", _NS)}
    documents = {}
    for itemref in package.findall("opf:spine/opf:itemref", _NS):
        path = posixpath.normpath(posixpath.join(folder, unquote(manifest[itemref.get("idref")])))
        documents[path] = etree.fromstring(read_member(archive, path), _parser())
    return documents


def _page_text(root) -> str:
    """The text a reader sees in one XHTML page of the book."""
    body = root.find("xhtml:body", _NS)
    return visible_text(body) if body is not None else ""
