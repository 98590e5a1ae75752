"""HTML e-mail: one article or a newsletter edition as a standards-conformant ``.eml`` message.

The message is built with Python's :mod:`email` package::

    multipart/alternative
    ├── text/plain; charset=utf-8      the txt exporter's output, unchanged
    └── multipart/related; type="text/html"
        ├── text/html; charset=utf-8   the responsive HTML, CSS inlined
        └── image/png ...              every embedded image, referred to as cid:...

(without images the HTML part sits directly in ``multipart/alternative``). A client
that shows plain text never touches the images; one that shows HTML finds every
image inside the message, so nothing is fetched from the network::

    >>> from exporters import api
    >>> bundle = api.read_bundle(["samples/articles/port-of-aktau.json"])
    >>> artifact = EmailExporter().render(bundle)
    >>> EmailExporter().inspect(artifact.data).title
    'Caspian Port Doubles Grain Shipments as Rail Link Opens'

The HTML comes from ``templates/email/message.html`` (masthead, contents, sections)
around one :func:`~exporters.formats.html_body.article_html` fragment per article;
``email.css`` is then inlined onto the elements by css-inline (mail clients drop most
``<style>`` rules) and ``responsive.css`` stays in ``<style>`` for the clients that honour media
queries. Each article carries its own ``lang`` and ``dir``; images keep their alt
text; a hidden preheader gives the inbox preview line.

Choices where the standards leave room:

- Links: only absolute ``https`` and ``mailto`` links stay live, because those work in
  every client. An ``http`` link becomes its text followed by the address in
  brackets, so the reader still has it; anything else is text only.
- Headers: ``Subject`` is the headline (one article) or the edition title;
  ``From`` is the publisher's name at the ``sender`` option's address (default
  ``newsletter@invalid``, a reserved domain that can never deliver: set
  ``-O email.sender=news@example.org`` before sending); ``Date`` is
  :func:`~exporters.facts.build_time`; ``Message-ID`` is derived from the
  bundle identifier; ``Content-Language`` lists the languages, the main one first.
- Metadata the headers cannot hold (authors, contributors, rights, dates, identifier)
  goes in ``<meta>`` tags of the HTML part (``author``, ``dcterms.*``), which
  :meth:`EmailExporter.inspect` reads back with lxml.
- Determinism: fixed MIME boundaries derived from the identifier, text parts in
  quoted-printable or base64 (never 8bit, so the ``=_`` boundaries cannot occur in
  a body), CRLF line ends, no ``now()``.
- The HTML is for mail clients only; the web page of an article or an edition is
  the ``html`` format (:mod:`exporters.formats.html`).
"""

from __future__ import annotations

import email
import email.errors
import email.policy
import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from email.header import Header, decode_header, make_header
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, parseaddr
from functools import cache
from typing import Any
from urllib.parse import urlsplit

import msgspec
from lxml import etree
from lxml import html as lxml_html
from markupsafe import Markup

from .. import attribution
from ..facts import build_time, bundle_identifier, document_facts, unique
from ..labels import labels
from ..media import Image
from ..model import Article, Bundle
from ..text import one_line, paragraphs, xml_safe
from .base import Artifact, Exporter, Inspection
from .common import CatalogueEntry, ImageCatalogue, live_href
from .html_body import article_html
from .html_meta import inspect_html, meta_tags
from .txt import TextExporter

__all__ = ["EmailExporter", "EmailOptions", "inline_css", "preheader", "sender_name"]

#: The ``From`` address when the ``sender`` option is not set: a reserved domain (RFC 2606).
DEFAULT_SENDER = "newsletter@invalid"
#: Widest image, in CSS pixels, that fits the 600-pixel layout with its padding.
MAX_IMAGE_WIDTH = 536

_POLICY = email.policy.SMTP.clone(cte_type="7bit")
_LIVE_PREFIXES = ("https://", "mailto:")


class EmailOptions(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """Options of the ``email`` format (``-O email.sender=news@example.org``).

    ``sender``: the ``From`` address (the display name is the publisher).
    ``recipient``: a ``To`` header; none by default (the file is a template to send).
    ``templates``: a folder searched before the shipped ``templates/email``.
    """

    sender: str = ""
    recipient: str = ""
    templates: str = ""

    def __post_init__(self) -> None:
        if any(character in self.sender + self.recipient for character in "\r\n"):
            raise ValueError("an address may not hold a line break")
        if self.sender.strip():
            _address(self.sender)
        for address in (part for part in self.recipient.split(",") if part.strip()):
            _address(parseaddr(address)[1] or address)


def _address(value: str) -> Address:
    """``value`` as an e-mail address; ``ValueError`` naming it when it is not one.

    >>> _address("news@example.org").domain
    'example.org'
    """
    try:
        address = Address(addr_spec=value.strip())
    except (ValueError, IndexError, TypeError, email.errors.HeaderParseError):
        address = None
    if address is None or not address.username or not address.domain:
        raise ValueError(f"{value!r} is not an e-mail address such as news@example.org")
    return address


# -- images ---------------------------------------------------------------------------


@dataclass
class _Images:
    """The image files of a message, one per distinct image, numbered in order of first use."""

    domain: str
    catalogue: ImageCatalogue = field(default_factory=ImageCatalogue)

    def content_id(self, entry: CatalogueEntry) -> str:
        """``image-001.3f2a9c1b0e4d@news.example.org`` for the first image, and so on."""
        return f"image-{entry.number:03d}.{entry.digest[:12]}@{self.domain}"

    def cid_source(self, bundle: Bundle) -> Callable[[Article, Image], str | None]:
        def source(article: Article, image: Image) -> str | None:
            resource = bundle.resource(article, image)
            return f"cid:{self.content_id(self.catalogue.add(resource))}" if resource is not None else None

        return source


# -- the HTML ---------------------------------------------------------------------------


@cache
def _environment(user_folder: str):
    from ..templates import environment

    return environment("email", user_folder or None)


def _template_text(env, name: str) -> str:
    source, _, _ = env.loader.get_source(env, name)
    return source


def _render_html(bundle: Bundle, options: EmailOptions, image_src: Callable[[Article, Image], str | None],
                 schemes: frozenset[str]) -> str:
    """The finished HTML document: template rendered, headings placed, links fixed, CSS inlined."""
    env = _environment(options.templates)
    words = labels(bundle.main_language)
    sections = []
    for section in bundle.sections:
        titled = bool(section.title.strip()) and not bundle.is_single
        shift = 0 if bundle.is_single else 2 if titled else 1
        fragments = [Markup(_shift_headings(article_html(article, bundle, image_src=image_src, extra_schemes=schemes),
                                            shift)) for article in section.articles]
        sections.append({"title": section.title if titled else "", "articles": fragments})
    page = env.get_template("message.html").render(
        lang=bundle.main_language,
        dir=bundle.text_direction,
        title=xml_safe(bundle.display_title),
        preheader=xml_safe(preheader(bundle)),
        meta=[(name, xml_safe(content)) for name, content in meta_tags(bundle)],
        responsive=Markup(_template_text(env, "responsive.css")),
        words=words,
        masthead=None if bundle.is_single else _masthead(bundle, words),
        contents=[] if bundle.is_single else _contents(bundle),
        sections=sections,
    )
    document = lxml_html.document_fromstring(page)
    _fix_links(document)
    _fit_images(document)
    html = lxml_html.tostring(document, doctype="<!DOCTYPE html>", encoding="unicode")
    return inline_css(html, _template_text(env, "email.css")) + "\n"


def _shift_headings(fragment: str, shift: int) -> str:
    """Move every heading of a sanitised fragment ``shift`` levels down (at most ``h6``).

    The fragment comes out of nh3, which escapes every ``<`` in text, so a tag is
    always a tag here::

        >>> _shift_headings('<h1>Title</h1><h2 lang="en">Sub</h2>', 2)
        '<h3>Title</h3><h4 lang="en">Sub</h4>'
    """
    if not shift:
        return fragment
    return re.sub(r"<(/?)h([1-6])\b", lambda m: f"<{m.group(1)}h{min(6, int(m.group(2)) + shift)}", fragment)


def _masthead(bundle: Bundle, words: dict[str, str]) -> dict[str, Any]:
    editors = [person.name for person in bundle.editors]
    publisher = bundle.publisher
    return {
        "title": xml_safe(bundle.display_title),
        "subtitle": xml_safe(bundle.subtitle),
        "issue": xml_safe(f"{words['issue']} {bundle.issue}") if bundle.issue else "",
        "date": bundle.date.date().isoformat() if bundle.date else "",
        "publisher": xml_safe(publisher.name) if publisher else "",
        "publisher_url": (live_href(publisher.url) or "") if publisher and publisher.url.startswith("https://") else "",
        "editors": _editors_line(editors, bundle.main_language, words),
        "introduction": [xml_safe(part) for part in paragraphs(bundle.introduction)],
    }


def _editors_line(names: list[str], language: str, words: dict[str, str]) -> str:
    return xml_safe(f"{words['editors']} {attribution.join_names(names, language)}") if names else ""


def _contents(bundle: Bundle) -> list[dict[str, Any]]:
    """Contents groups: one per section, numbered on across sections, with each headline in
    its own language and direction.

    The entries are not links: in-message anchors fail in many clients.
    """
    groups = []
    number = 1
    for section in bundle.sections:
        if not section.articles:
            continue
        entries = [{"headline": xml_safe(article.headline), "lang": article.language, "dir": article.text_direction}
                   for article in section.articles]
        groups.append({"title": xml_safe(section.title.strip()), "start": number, "entries": entries})
        number += len(entries)
    return groups


def preheader(bundle: Bundle, limit: int = 140) -> str:
    """The inbox preview line: the summary (or dek) of one article; an edition's subtitle or
    introduction, else its headlines.

    >>> from exporters.model import Article
    >>> preheader(Bundle.of(Article(id="a", language="en", headline="H", summary="Short.")))
    'Short.'
    """
    if bundle.is_single:
        article = bundle.lead
        text = article.summary or article.subheadline or article.headline
    else:
        text = bundle.subtitle or bundle.introduction or " · ".join(article.headline for article in bundle.articles)
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def _fix_links(document: etree._Element) -> None:
    """Keep ``https`` and ``mailto`` links live; show an ``http`` address as text; drop the rest."""
    for link in list(document.iter("a")):
        href = (link.get("href") or "").strip()
        if href.lower().startswith(_LIVE_PREFIXES):
            continue
        if href.lower().startswith("http://") and link.text_content().strip() != href:
            address = etree.SubElement(link, "span", {"class": "address"})
            address.text = f" ({href})"
        link.drop_tag()


def _fit_images(document: etree._Element) -> None:
    """Scale the ``width``/``height`` attributes of wide images down to the layout width
    (Outlook sizes images by the attributes and ignores ``max-width``)."""
    for image in document.iter("img"):
        try:
            width, height = int(image.get("width", "0")), int(image.get("height", "0"))
        except ValueError:
            continue
        if width > MAX_IMAGE_WIDTH and height > 0:
            image.set("width", str(MAX_IMAGE_WIDTH))
            image.set("height", str(max(1, round(height * MAX_IMAGE_WIDTH / width))))


# -- metadata ---------------------------------------------------------------------------------


def _host(bundle: Bundle) -> str:
    """The host that names this message's parts: the publisher's, the site's or the article's."""
    candidates = [bundle.publisher.url if bundle.publisher else "", bundle.site_url]
    candidates += [article.publisher.url for article in bundle.articles if article.publisher]
    candidates += [article.url for article in bundle.articles]
    for url in candidates:
        host = (urlsplit(url).hostname or "") if url else ""
        if re.fullmatch(r"[a-z0-9]([a-z0-9.-]*[a-z0-9])?", host):
            return host
    return "newsroom-exporters.invalid"


# -- the message ------------------------------------------------------------------------------


def _encoding_for(text: str) -> str:
    """``quoted-printable`` for mostly-ASCII text, ``base64`` otherwise (the smaller of the two)."""
    wide = sum(1 for character in text if ord(character) > 127)
    return "base64" if wide * 5 > len(text) else "quoted-printable"


def _message(bundle: Bundle, options: EmailOptions, page: str, text: str, images: _Images) -> EmailMessage:
    identifier = bundle_identifier(bundle)
    digest = hashlib.sha256(identifier.encode("utf-8")).hexdigest()
    message = EmailMessage(policy=_POLICY)
    sender = _address(options.sender or DEFAULT_SENDER)
    name = _sender_name(bundle)
    message["From"] = Address(display_name=_FROM_PLACEHOLDER if "=?" in name else name,
                              username=sender.username, domain=sender.domain)
    if options.recipient.strip():
        message["To"] = options.recipient.strip()
    message["Subject"] = _SUBJECT_PLACEHOLDER
    message["Date"] = format_datetime(build_time(bundle))
    message["Message-ID"] = f"<{digest[:32]}@{images.domain}>"
    keywords = unique([keyword.replace(",", " ") for article in bundle.articles for keyword in article.keywords], tidy=one_line)
    if keywords:
        message["Keywords"] = ", ".join(keywords)
    message.set_content(text, subtype="plain", charset="utf-8", cte=_encoding_for(text))
    message.add_alternative(page, subtype="html", charset="utf-8", cte=_encoding_for(page))
    if len(images.catalogue):
        html_part = next(part for part in message.iter_parts() if part.get_content_type() == "text/html")
        for entry in images.catalogue:
            maintype, _, subtype = entry.resource.media_type.partition("/")
            html_part.add_related(entry.resource.data, maintype, subtype, cid=f"<{images.content_id(entry)}>",
                                  disposition="inline", filename=entry.file_name)
        html_part.set_param("type", "text/html")
    message["Content-Language"] = ", ".join(document_facts(bundle).languages)  # after the parts: set_content drops Content-*
    for number, part in enumerate(part for part in message.walk() if part.is_multipart()):
        part.set_boundary(f"=_{digest[:24]}.{number}")
    return message


def _render_message(bundle: Bundle, options: EmailOptions) -> bytes:
    images = _Images(domain=_host(bundle))
    page = _render_html(bundle, options, images.cid_source(bundle), frozenset({"cid"}))
    text = TextExporter().render(bundle).data.decode("utf-8")
    data = _message(bundle, options, page, text, images).as_bytes(policy=_POLICY)
    data = data.replace(f"From: {_FROM_PLACEHOLDER} <".encode(), _encoded_name("From", _sender_name(bundle)) + b" <", 1)
    return data.replace(f"Subject: {_SUBJECT_PLACEHOLDER}\r\n".encode(), _subject_line(bundle), 1)


#: Stand in for the Subject and a sender name holding ``=?`` while the message is
#: generated; see :func:`_subject_line` and :func:`_encoded_name`.
_SUBJECT_PLACEHOLDER = "x-subject-placeholder"
_FROM_PLACEHOLDER = "x-from-placeholder"
_CRLF = "\r\n"


def _sender_name(bundle: Bundle) -> str:
    return " ".join(xml_safe(document_facts(bundle).publisher).split())


def _encoded_name(header: str, name: str) -> bytes:
    """``From: `` and ``name`` as RFC 2047 encoded words, for a name holding ``=?``.

    Python's address header parser decodes such text even in a name given as a
    plain string, so the name is encoded here and put in after generation: one
    encoded word per word, the space kept inside it (the space between two encoded
    words is not part of the text), one word a line.
    """
    words = name.split(" ")
    pieces = [word + " " for word in words[:-1]] + words[-1:]
    encoded = (Header(piece, "utf-8").encode(maxlinelen=998) for piece in pieces)
    return f"{header}: {(_CRLF + ' ').join(encoded)}".encode("ascii")


def _subject_line(bundle: Bundle) -> bytes:
    """The folded ``Subject`` header, encoded with :class:`email.header.Header`.

    Python 3.11's modern header folder drops the space at a fold between two
    encoded words (CPython gh-144156, fixed upstream in 2026), which glued Persian
    words together; the legacy encoder keeps spaces inside the encoded words. An
    ASCII subject holding ``=?`` is encoded too, or mail readers would decode the
    text that merely looks like an RFC 2047 encoded word.
    """
    subject = " ".join(xml_safe(bundle.display_title).split())
    charset = "us-ascii" if subject.isascii() and "=?" not in subject else "utf-8"
    return f"Subject: {Header(subject, charset, header_name='Subject').encode(linesep=_CRLF)}{_CRLF}".encode("ascii")


# -- CSS inlining -----------------------------------------------------------------------------


def inline_css(page: str, css: str) -> str:
    """``page`` with the declarations of ``css`` copied onto the ``style`` attribute of every
    element they select, by css-inline (a maintained inliner built on Servo's CSS engine).

    The more specific rule wins, then the later one; a ``style`` already on an element
    wins over every rule. The page's own ``<style>`` (``responsive.css``, media queries a
    mail client may honour) stays as it is, and no stylesheet is ever fetched::

        >>> page = '<div><p class="a" style="color: red">x</p></div>'
        >>> print(inline_css(page, "p { margin: 0; color: blue } div .a { font-weight: bold }"))
        <html><head></head><body><div><p class="a" style="margin: 0;font-weight: bold;color: red">x</p></div></body></html>
    """
    import css_inline

    inliner = css_inline.CSSInliner(inline_style_tags=False, keep_style_tags=True, keep_link_tags=False,
                                    load_remote_stylesheets=False, extra_css=css)
    return inliner.inline(page)


# -- reading back ------------------------------------------------------------------------------


def sender_name(message: email.message.Message) -> str:
    """The display name of ``From``, decoded as RFC 2047 says.

    Decoded from the raw header: the structured parser of Python before 3.14 puts a
    space between adjacent encoded words of a display name (CPython gh-128110), so
    ``«Пример»`` would read back as ``«Пример »``.
    """
    raw = next((value for name, value in message.raw_items() if name.lower() == "from"), "")
    return parseaddr(str(make_header(decode_header(raw))))[0] if raw else ""


def _inspect_message(data: bytes, format_name: str) -> Inspection:
    message = email.message_from_bytes(data, policy=email.policy.default)
    plain = message.get_body(preferencelist=("plain",))
    page = message.get_body(preferencelist=("html",))
    if plain is None or page is None:
        raise ValueError("the message lacks a text/plain or a text/html part")
    seen = inspect_html(page.get_content(), format_name)
    text = TextExporter().inspect(plain.get_content().replace("\r\n", "\n").encode("utf-8"))
    publisher = seen.publisher or sender_name(message)
    languages = [part.strip() for part in str(message.get("Content-Language", "")).split(",") if part.strip()]
    return msgspec.structs.replace(
        seen,
        title=" ".join(str(message.get("Subject", "")).split()),
        language=languages[0] if languages else seen.language,
        publisher=publisher,
        text=text.text,
        extra={
            "message_id": str(message.get("Message-ID", "")),
            "date": str(message.get("Date", "")),
            "from": sender_name(message),
            "html_language": seen.language,
            "html_text": seen.text,
            "images": seen.extra.get("images", []),
            "related": [part.get("Content-ID", "") for part in message.walk() if part.get("Content-ID")],
        },
    )


class EmailExporter(Exporter):
    """A responsive HTML e-mail with its plain-text alternative, as one ``.eml`` message."""

    name = "email"
    aliases = ("eml",)
    suffix = ".eml"
    media_type = "message/rfc822"
    description = "HTML e-mail with a plain-text alternative (.eml)"
    Options = EmailOptions

    @property
    def settings(self) -> EmailOptions:
        """The options, typed (``-O email.sender=...`` arrives here)."""
        return self.options if isinstance(self.options, EmailOptions) else EmailOptions()

    def render(self, bundle: Bundle) -> Artifact:
        return self.artifact(_render_message(bundle, self.settings))

    def inspect(self, data: bytes) -> Inspection:
        """Headers (Subject, From, Date, Content-Language, Message-ID) and the HTML part's
        ``<meta>`` tags give the metadata; the text/plain part gives the text. The HTML
        part's own visible text is in ``extra["html_text"]``."""
        return _inspect_message(data, self.name)

