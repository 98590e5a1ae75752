"""IPTC ninjs news items (3.x, 2.x and the 1.x shape Superdesk writes) as canonical articles.

A JSON object with a ``uri`` and no ``id`` is ninjs, whatever the file is called
(:func:`is_ninjs`). Property names are read in any case (``firstCreated`` and
``firstcreated`` alike), so 3.x and 2.x need no switch; the 1.x names
(``headline``, ``body_html``, ``description_text``, ``byline``, ``associations``
as an object) are read too::

    >>> reading = read_ninjs_data({"uri": "urn:x:1", "language": "en",
    ...     "headlines": [{"role": "main", "value": "Grain moves"}],
    ...     "bodies": [{"contentType": "text/html", "value": "<p>Ships <em>sail</em>.</p>"}],
    ...     "urgency": 3}, Path("story.ninjs.json"), {})
    >>> reading.article.headline, reading.article.body[0].content
    ('Grain moves', ('Ships ', Emphasis(content=('sail',)), '.'))
    >>> reading.dropped
    ('urgency: the model has no field for it',)

The mapping is the one :mod:`exporters.formats.ninjs` writes (the README's model
table), so a file this toolkit wrote reads back into the same article. Its HTML
body carries the attribution the feeds show (byline, credits, dateline, notices,
rights) in elements marked by class; those come from the item's own fields and are
skipped in the body. Figures in the body take their alt text, credit and licence
from the ``figure-N`` associations, in order. Whatever the model cannot hold
(urgency, slugline, genres, places, other subjects, video associations ...) is
listed in :attr:`Reading.dropped`, never silently lost.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

from msgspec.structs import replace

from ..body import Emphasis, Inline, LineBreak, Link, Strong
from ..errors import InputError
from ..facts import GENERATOR
from ..labels import labels
from ..model import direction_of
from .reading import Reading
from ._blocks import credit_kind, finish, join_inlines, safe_href, safe_src

__all__ = ["is_ninjs", "read_ninjs", "read_ninjs_data"]

#: Top-level properties (lower case) this reader takes into the model.
_TAKEN = frozenset({
    "uri", "type", "representationtype", "standard", "version", "firstcreated", "versioncreated", "embargoed",
    "embargoeduntil", "expires", "pubstatus", "copyrightholder", "copyrightnotice", "usageterms", "rightsinfo",
    "language", "headlines", "headline", "descriptions", "description_text", "description_html", "bodies",
    "body_html", "body_text", "by", "byline", "people", "authors", "organisations", "infosources", "subjects",
    "keywords", "located", "renditions", "associations", "altids", "guid",
})
#: Classes of the HTML body's attribution elements, which the item's own fields carry.
_CHROME = frozenset({"kicker", "dek", "byline", "credit", "dateline", "dates", "source", "summary", "lead-image"})
_BLOCK_TAGS = frozenset({"p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "ul", "ol", "figure", "hr", "aside",
                         "footer", "div", "section", "article", "table", "pre", "img"})


def is_ninjs(value: Any) -> bool:
    """True for a ninjs item: an object with a ``uri`` and no canonical ``id``.

    >>> is_ninjs({"uri": "urn:x"}), is_ninjs({"id": "a", "headline": "H", "language": "en"})
    (True, False)
    """
    return isinstance(value, dict) and isinstance(value.get("uri"), str) and "id" not in value


def read_ninjs(data: bytes, path: Path, meta: dict[str, Any]) -> Reading:
    """A ninjs file (any suffix): parse the JSON, then :func:`read_ninjs_data`."""
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError as error:
        raise InputError(path, f"byte {error.start}", "not UTF-8 text") from None
    except json.JSONDecodeError as error:
        raise InputError(path, f"line {error.lineno}, column {error.colno}", f"invalid JSON: {error.msg}") from None
    if not is_ninjs(document):
        raise InputError(path, "$", "not a ninjs item: expected a JSON object with a \"uri\"")
    return read_ninjs_data(document, path, meta)


def read_ninjs_data(document: dict[str, Any], path: Path, meta: dict[str, Any]) -> Reading:
    """A parsed ninjs item as a :class:`Reading`, with every property the model cannot hold listed as dropped."""
    item = _lower(document)
    if item.get("type") == "composite":
        parts = len(item.get("associations") or [])
        raise InputError(path, "$.type", f"a composite ninjs item (an edition of {parts} items) is not one article; "
                         "import its associations one by one")
    dropped: list[str] = []
    guesses: list[str] = []
    try:
        fields = _Item(item, path, dropped, guesses).fields()
    except (TypeError, ValueError, KeyError, AttributeError) as error:
        raise InputError(path, "$", f"not a ninjs item this reader understands: {error}") from None
    reading = finish(path, fields, meta, guesses)
    dropped = [f"{key}: the model has no field for it" for key in item
               if key not in _TAKEN and not (key == "profile" and item[key] == GENERATOR)] + dropped
    return replace(reading, dropped=tuple(dropped))


def _lower(value: Any) -> Any:
    if isinstance(value, list):
        return [_lower(item) for item in value]
    if isinstance(value, dict):
        return {key.lower(): _lower(item) for key, item in value.items()}
    return value


def _text(value: Any, where: str) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise TypeError(f"{where}: expected a string, got {type(value).__name__}")
    return value


def _list(value: Any, where: str) -> list[Any]:
    if value is None:
        return []
    if isinstance(value, dict):  # ninjs 1.x: associations and renditions are objects keyed by name
        return [{"name": key, **item} for key, item in value.items() if isinstance(item, dict)]
    if not isinstance(value, list):
        raise TypeError(f"{where}: expected a list, got {type(value).__name__}")
    return [item for item in value if isinstance(item, dict)]


class _Item:
    """One ninjs item (keys in lower case) taken apart into model fields."""

    def __init__(self, item: dict[str, Any], path: Path, dropped: list[str], guesses: list[str]) -> None:
        self.item = item
        self.path = path
        self.dropped = dropped
        self.guesses = guesses

    def role_value(self, key: str, role: str) -> str:
        for entry in _list(self.item.get(key), f"$.{key}"):
            if entry.get("role") == role:
                return _text(entry.get("value"), f"$.{key}[role={role}].value")
        return ""

    def fields(self) -> dict[str, Any]:
        item = self.item
        fields: dict[str, Any] = {"id": self.identifier(), "headline": self.headline()}
        for key, value in (("language", item.get("language")), ("subheadline", self.role_value("headlines", "sub")),
                           ("kicker", self.role_value("headlines", "kicker")), ("summary", self.summary())):
            if value:
                fields[key] = value
        web = next((entry for entry in _list(item.get("renditions"), "$.renditions") if entry.get("name") == "web"), None)
        if web and web.get("href"):
            fields["url"] = web["href"]
        for entry in _list(item.get("altids"), "$.altIds"):
            if entry.get("role") == "url" and entry.get("value") and "url" not in fields:
                fields["url"] = entry["value"]
        version = str(item.get("version") or "")
        if version.isdigit() and int(version) >= 1:
            fields["version"] = int(version)
        elif version:
            self.dropped.append(f"version: {version!r} is not a revision number")
        for key, value in self.dates().items():
            fields[key] = value
        if item.get("pubstatus"):
            fields["pubstatus"] = item["pubstatus"]
        self.subjects(fields)
        self.people(fields)
        self.organisations(fields)
        self.rights(fields)
        self.dateline(fields)
        self.notices(fields)
        self.images_and_body(fields)
        return fields

    def identifier(self) -> str:
        for entry in _list(self.item.get("altids"), "$.altIds"):
            if entry.get("role") == "id" and entry.get("value"):
                return _text(entry["value"], "$.altIds[role=id].value")
        return _text(self.item.get("guid") or self.item.get("uri"), "$.uri")

    def headline(self) -> str:
        headlines = _list(self.item.get("headlines"), "$.headlines")
        main = self.role_value("headlines", "main") or next(
            (entry.get("value", "") for entry in headlines if not entry.get("role")), "")
        return main or _text(self.item.get("headline"), "$.headline")

    def summary(self) -> str:
        found = self.role_value("descriptions", "summary") or _text(self.item.get("description_text"), "$.description_text")
        if not found and self.item.get("description_html"):
            found = _plain(self.item["description_html"])
        return found

    def dates(self) -> dict[str, str]:
        item = self.item
        found = {}
        first, latest = item.get("firstcreated"), item.get("versioncreated")
        if first or latest:
            found["published"] = first or latest
        if first and latest and _moment(latest) != _moment(first):
            found["updated"] = latest
        for key, value in (("embargoed", item.get("embargoed")), ("expires", item.get("expires"))):
            if value:
                found[key] = value
        return found

    def subjects(self, fields: dict[str, Any]) -> None:
        keywords = [keyword for keyword in self.item.get("keywords") or [] if isinstance(keyword, str)]
        for entry in _list(self.item.get("subjects"), "$.subjects") + _list(self.item.get("subject"), "$.subject"):
            name = _text(entry.get("name"), "$.subjects[].name")
            if entry.get("rel") == "section" and name and "section" not in fields:
                fields["section"] = name
            elif entry.get("rel") == "keyword" and name:
                keywords.append(name)
            elif name or entry.get("uri") or entry.get("code"):
                self.dropped.append(f"subjects: {name or entry.get('uri') or entry.get('code')!r} (rel {entry.get('rel') or 'none'}) "
                                    "is not a section or keyword")
        if keywords:
            fields["keywords"] = keywords

    def people(self, fields: dict[str, Any]) -> None:
        authors = []
        for entry in _list(self.item.get("people"), "$.people") + _list(self.item.get("authors"), "$.authors"):
            name = _text(entry.get("name"), "$.people[].name")
            if not name:
                continue
            person: dict[str, Any] = {"name": name, "role": entry.get("rel") or entry.get("role") or "author"}
            link = entry.get("uri") or entry.get("literal")
            if isinstance(link, str) and link:
                person["url"] = link
            for contact in _list(entry.get("contactinfo"), "$.people[].contactInfo"):
                kind = contact.get("type")
                if kind == "organisation":
                    person["organization"] = contact.get("value", "")
                elif kind == "email":
                    person["email"] = contact.get("value", "")
                else:
                    self.dropped.append(f"people: contact {kind or 'of no type'!r} of {name!r}")
            authors.append(person)
        if authors:
            fields["authors"] = authors
        credits = []
        for entry in _list(self.item.get("infosources"), "$.infoSources"):
            name = _text(entry.get("name"), "$.infoSources[].name")
            if name:
                kind = entry.get("literal") if entry.get("literal") in ("agency", "person", "organization") else credit_kind(name)
                credits.append({"name": name, "role": self.credit_role(entry, len(credits)), "kind": kind})
        if credits:
            fields["credits"] = credits

    def credit_role(self, entry: dict[str, Any], index: int) -> str:
        """The credit's role as the item states it, an empty one too (this toolkit writes every role,
        so the role round-trips); only a source without one is taken as reporting, as a guess."""
        role = entry.get("role")
        if role is None:
            self.guesses.append(f"credits[{index}].role: the item gives none; taken as reporting")
            return "reporting"
        return _text(role, "$.infoSources[].role")

    def organisations(self, fields: dict[str, Any]) -> None:
        for entry in _list(self.item.get("organisations"), "$.organisations"):
            rel = entry.get("rel")
            name = _text(entry.get("name"), "$.organisations[].name")
            if rel in ("publisher", "source") and name and rel not in fields:
                organisation: dict[str, Any] = {"name": name}
                link = entry.get("uri") or entry.get("literal")
                if isinstance(link, str) and link:
                    organisation["url"] = link
                logo = next((contact.get("value", "") for contact in _list(entry.get("contactinfo"), "$")
                             if contact.get("type") == "logo"), "")
                if logo:
                    organisation["logo"] = logo
                fields[rel] = organisation
            elif name:
                self.dropped.append(f"organisations: {name!r} (rel {rel or 'none'})")

    def rights(self, fields: dict[str, Any]) -> None:
        item = self.item
        rights = {key: _text(item.get(name), f"$.{name}") for key, name in
                  (("holder", "copyrightholder"), ("notice", "copyrightnotice"), ("usage_terms", "usageterms"))}
        licence = _licence(item.get("rightsinfo"))
        if licence:
            rights["licence"] = licence
        rights = {key: value for key, value in rights.items() if value}
        if rights:
            fields["rights"] = rights

    def dateline(self, fields: dict[str, Any]) -> None:
        place = _text(self.item.get("located"), "$.located")
        if place:
            fields["dateline"] = {"place": place, "text": self.role_value("descriptions", "dateline")}

    def notices(self, fields: dict[str, Any]) -> None:
        notices = []
        for entry in _list(self.item.get("descriptions"), "$.descriptions"):
            role = entry.get("role") or ""
            if role.startswith("notice:"):
                kind, _, date = role.removeprefix("notice:").partition(":")
                notice = {"text": entry.get("value", ""), "kind": kind or "publisher"}
                if date:
                    notice["date"] = date
                notices.append(notice)
            elif role not in ("summary", "dateline"):
                self.dropped.append(f"descriptions: role {role or 'none'!r}")
        if notices:
            fields["notices"] = notices

    def images_and_body(self, fields: dict[str, Any]) -> None:
        pictures: dict[str, dict[str, Any]] = {}
        for entry in _list(self.item.get("associations"), "$.associations"):
            name = entry.get("name") or ""
            if entry.get("type", "picture") == "picture":
                pictures[name] = _image(entry, self.dropped)
            else:
                self.dropped.append(f"associations: {name!r} of type {entry.get('type')!r}")
        lead = pictures.pop("featureimage", None) or pictures.pop("featuremedia", None)
        if lead is None and pictures and not any(name.startswith("figure-") for name in pictures):
            lead = pictures.pop(next(iter(pictures)))
        if lead is not None:
            fields["lead_image"] = lead
        figures = [pictures[name] for name in sorted((name for name in pictures if name.startswith("figure-")),
                                                      key=lambda name: int(name[7:]) if name[7:].isdigit() else 0)]
        markup = self.html_body()
        notices = len(fields.get("notices", []))
        if markup:
            body, direction = _Body(markup, figures, notices, fields.get("language", "")).read()
            if direction:
                fields["direction"] = direction
        else:
            text = self.plain_body()
            body = [{"type": "paragraph", "content": [part.strip()]} for part in text.split("\n\n") if part.strip()]
        if body:
            fields["body"] = body
        for entry in _list(self.item.get("bodies"), "$.bodies"):
            if entry.get("contenttype") not in ("text/html", "text/plain", None):
                self.dropped.append(f"bodies: a body of type {entry.get('contenttype')!r}")

    def html_body(self) -> str:
        for entry in _list(self.item.get("bodies"), "$.bodies"):
            if entry.get("contenttype") == "text/html":
                return _text(entry.get("value"), "$.bodies[].value")
        return _text(self.item.get("body_html"), "$.body_html")

    def plain_body(self) -> str:
        for entry in _list(self.item.get("bodies"), "$.bodies"):
            if entry.get("contenttype") in ("text/plain", None):
                return _text(entry.get("value"), "$.bodies[].value")
        return _text(self.item.get("body_text"), "$.body_text")


def _moment(value: Any) -> datetime | None:
    try:
        return datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return None


def _licence(info: Any) -> str:
    if not isinstance(info, dict):
        return ""
    return _text(info.get("linkedrights") or info.get("encodedrights"), "$.rightsInfo")


def _image(entry: dict[str, Any], dropped: list[str]) -> dict[str, Any]:
    """One picture association as a model image."""
    image: dict[str, Any] = {}
    for description in _list(entry.get("descriptions"), "$.associations[].descriptions"):
        role = description.get("role")
        if role == "alt":
            image["alt"] = description.get("value", "")
        elif role == "decorative":
            image["decorative"] = description.get("value") == "true"
        elif role in ("caption", None) and "caption" not in image:
            image["caption"] = description.get("value", "")
    if "caption" not in image and entry.get("description_text"):
        image["caption"] = entry["description_text"]
    if "alt" not in image and entry.get("body_text"):  # Superdesk keeps an image's alt text in body_text
        image["alt"] = entry["body_text"]
    credit = entry.get("by") or entry.get("byline")
    if credit:
        image["credit"] = credit
    licence = _licence(entry.get("rightsinfo"))
    if licence:
        image["licence"] = licence
    renditions = _list(entry.get("renditions"), "$.associations[].renditions")
    original = next((rendition for rendition in renditions if rendition.get("name") in ("original", "baseImage")),
                    renditions[0] if renditions else {})
    for key, name in (("width", "width"), ("height", "height")):
        if isinstance(original.get(name), int) and original[name] >= 0:
            image[key] = original[name]
    media_type = original.get("contenttype") or original.get("mimetype")
    if media_type:
        image["media_type"] = media_type
    src = next((alt.get("value", "") for alt in _list(entry.get("altids"), "$") if alt.get("role") == "src"), "")
    src = src or original.get("href") or ""
    if src and not safe_src(src):
        dropped.append(f"associations: image {src[:60]!r} is neither https nor a path beside the file")
        src = ""
    if src:
        image["src"] = src
    return image


def _plain(markup: str) -> str:
    from lxml import html

    return html.fragment_fromstring(markup, create_parent="div").text_content().strip() if markup.strip() else ""


class _Body:
    """The blocks of an HTML body, the attribution elements left out."""

    def __init__(self, markup: str, figures: list[dict[str, Any]], notices: int, language: str) -> None:
        self.markup = markup
        self.figures = list(figures)
        self.notices = notices
        self.embed_label = labels(language)["embed"] if language else labels("en")["embed"]
        #: True for this toolkit's own HTML body: its text is exact, so no outer whitespace is trimmed.
        self.exact = False

    def read(self) -> tuple[list[dict[str, Any]], str]:
        from lxml import html

        root = html.fragment_fromstring(self.markup, create_parent="div")
        direction = ""
        inner = [child for child in root if isinstance(child.tag, str)]
        if len(inner) == 1 and inner[0].tag == "div" and "article" in (inner[0].get("class") or "").split():
            root = inner[0]
            self.exact = True
            language = root.get("lang") or ""
            declared = root.get("dir") or ""
            if declared in ("ltr", "rtl") and language and declared != direction_of(language):
                direction = declared
        blocks = self.without_own_notices(self.blocks(root))
        # This toolkit writes a <figure> for every figure association, in order, even one with
        # nothing to show; HTML from elsewhere (or an older file) may leave one out, and then its
        # place is unknown: it closes the body rather than being lost. It goes after the article's
        # own notices are taken off the end, or they would no longer be last and would stay as body
        # blocks (each notice then printed twice).
        blocks.extend({"type": "figure", "image": image} for image in self.figures)
        self.figures = []
        return blocks, direction

    def without_own_notices(self, blocks: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """``blocks`` without the article's own notices, which the HTML prints last, just before the footer.

        >>> body = _Body("", [], notices=1, language="en")
        >>> [block["type"] for block in body.without_own_notices(
        ...     [{"type": "notice"}, {"type": "paragraph"}, {"type": "notice"}])]
        ['notice', 'paragraph']
        """
        trailing = 0
        while trailing < min(self.notices, len(blocks)) and blocks[len(blocks) - 1 - trailing]["type"] == "notice":
            trailing += 1
        return blocks[: len(blocks) - trailing]

    def blocks(self, parent: Any) -> list[dict[str, Any]]:
        found: list[dict[str, Any]] = []
        loose: list[Inline] = [parent.text] if parent.text and parent.text.strip() else []
        for element in parent:
            if not isinstance(element.tag, str):
                continue
            if element.tag not in _BLOCK_TAGS:
                loose.extend(_inlines(element))
                if element.tail and element.tail.strip():
                    loose.append(element.tail)
                continue
            if loose:
                found.append(_paragraph(join_inlines(loose)))
                loose = []
            found.extend(self.block(element))
            if element.tail and element.tail.strip():
                loose.append(element.tail)
        if loose:
            found.append(_paragraph(join_inlines(loose)))
        return found

    def block(self, element: Any) -> list[dict[str, Any]]:
        tag = element.tag
        classes = set((element.get("class") or "").split())
        if classes & _CHROME or tag == "footer":
            return []
        if tag in ("div", "section", "article"):
            return self.blocks(element)
        if tag == "p":
            return [self.paragraph(element, classes)]
        if tag[0] == "h" and tag[1:].isdigit():
            return [{"type": "heading", "level": min(6, max(2, int(tag[1:]))), "content": self.content(element)}]
        if tag == "blockquote":
            return [self.quote(element, classes)]
        if tag in ("ul", "ol"):
            items = [self.content(item) for item in element if isinstance(item.tag, str) and item.tag == "li"]
            return [{"type": "list", "ordered": tag == "ol", "items": items}]
        if tag in ("figure", "img"):
            return [self.figure(element)]
        if tag == "hr":
            return [{"type": "separator"}]
        if tag == "aside":
            kind = next((name[7:] for name in classes if name.startswith("notice-")), "editor")
            return [{"type": "notice", "kind": kind, "text": self.text(element)}]
        return [_paragraph(join_inlines([element.text_content()]))]

    def paragraph(self, element: Any, classes: set[str]) -> dict[str, Any]:
        if "related" in classes:
            label = element.find("strong")
            link = element.find("a")
            title = self.text(link if link is not None else element)
            label_text = label.text_content().strip().removesuffix(":") if label is not None else ""
            if link is None and label is not None:
                title = title.removeprefix(label.text_content()).removeprefix(" ")
            return {"type": "related", "title": title, "label": label_text,
                    "url": safe_href(link.get("href", "")) if link is not None else ""}
        if "embed" in classes:
            link = element.find("a")
            text = self.text(element)
            title = self.text(link) if link is not None else text.removeprefix(f"{self.embed_label}: ")
            provider = ""
            tail = (link.tail or "") if link is not None else ""
            if tail.strip().startswith("(") and tail.strip().endswith(")"):
                provider = tail.strip()[1:-1]
            elif link is None and text.endswith(")") and " (" in title:
                title, _, provider = title.rpartition(" (")
                provider = provider[:-1]
            embed = {"type": "embed", "title": title, "url": safe_href(link.get("href", "")) if link is not None else ""}
            if provider:
                embed["provider"] = provider
            return embed
        return _paragraph(self.inlines(_inlines_of(element)))

    def text(self, element: Any) -> str:
        """The text of ``element``: exact in this toolkit's HTML, trimmed in HTML from elsewhere."""
        return element.text_content() if self.exact else element.text_content().strip()

    def content(self, element: Any) -> list[Any]:
        return _dump(self.inlines(_inlines_of(element)))

    def inlines(self, parts: list[Inline]) -> tuple[Inline, ...]:
        """Adjacent strings merged; outer whitespace trimmed only in HTML from elsewhere."""
        return tuple(_merge(parts)) if self.exact else join_inlines(parts)

    def quote(self, element: Any, classes: set[str]) -> dict[str, Any]:
        content: list[Inline] = []
        attribution = ""
        for child in element:
            if not isinstance(child.tag, str):
                continue
            if child.tag == "footer":
                attribution = self.text(child).removeprefix("— ") if self.exact else self.text(child).removeprefix("—").strip()
            else:
                if content:
                    content.append(LineBreak())
                content.extend(_inlines_of(child))
        if not content and element.text:
            content = [element.text]
        quote: dict[str, Any] = {"type": "quote", "content": _dump(self.inlines(content))}
        if attribution:
            quote["attribution"] = attribution
        if "pull-quote" in classes:
            quote["pull"] = True
        return quote

    def figure(self, element: Any) -> dict[str, Any]:
        if self.figures:
            return {"type": "figure", "image": self.figures.pop(0)}
        image_element = element if element.tag == "img" else element.find(".//img")
        image: dict[str, Any] = {}
        if image_element is not None:
            image["alt"] = image_element.get("alt", "")
            src = safe_src(image_element.get("src", ""))
            if src:
                image["src"] = src
        caption = element.find(".//*[@class='caption']")
        credit = element.find(".//*[@class='credit']")
        figcaption = element.find(".//figcaption")
        if caption is not None:
            image["caption"] = self.text(caption)
        elif figcaption is not None:
            image["caption"] = self.text(figcaption)
        if credit is not None:
            image["credit"] = self.text(credit)
        return {"type": "figure", "image": image}


def _paragraph(content: tuple[Inline, ...]) -> dict[str, Any]:
    return {"type": "paragraph", "content": _dump(content)}


def _content(element: Any) -> list[Any]:
    return _dump(join_inlines(_inlines_of(element)))


def _inlines_of(element: Any) -> list[Inline]:
    """The inline content inside ``element`` (its text and children, not its tail)."""
    parts: list[Inline] = [element.text] if element.text else []
    for child in element:
        if isinstance(child.tag, str):
            parts.extend(_inlines(child))
        if child.tail:
            parts.append(child.tail)
    return parts


def _inlines(element: Any) -> list[Inline]:
    """``element`` itself as inlines (not its tail)."""
    tag = element.tag
    if tag == "br":
        return [LineBreak()]
    inner = tuple(_merge(_inlines_of(element)))
    if tag in ("em", "i"):
        return [Emphasis(content=inner)]
    if tag in ("strong", "b"):
        return [Strong(content=inner)]
    if tag == "a":
        href = safe_href(element.get("href", ""))
        if href:
            return [Link(href=href, content=inner, **({"title": element.get("title")} if element.get("title") else {}))]
    return list(inner)


def _merge(parts: list[Inline]) -> list[Inline]:
    merged: list[Inline] = []
    for part in parts:
        if isinstance(part, str) and merged and isinstance(merged[-1], str):
            merged[-1] += part
        elif part != "":
            merged.append(part)
    return merged


def _dump(content: tuple[Inline, ...] | list[Inline]) -> list[Any]:
    import msgspec

    return [msgspec.to_builtins(part) if not isinstance(part, str) else part for part in content]
