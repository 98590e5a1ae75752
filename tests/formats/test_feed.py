"""RSS 2.0 and Atom 1.0 feeds, read back by feedparser (a real client) and checked
against the RSS 2.0 specification and RFC 4287 with lxml."""

from __future__ import annotations

import calendar
import os
import re
import subprocess
import sys
from datetime import UTC, datetime, timedelta, timezone
from email.utils import parsedate_to_datetime
from urllib.parse import quote

import feedparser
import lxml.html
import msgspec
import pytest
from conftest import ARTICLES, sample_articles
from lxml import etree

from exporters import api
from exporters.attribution import credit_lines, credit_names, photo_credits, rights_line, writer_names
from exporters.body import Embed, Figure, Link, ListBlock, Paragraph, Quote, RelatedLink, block_text
from exporters.checks import compare
from exporters.formats.feed import AtomExporter, RssExporter
from exporters.jobs.feed import feed_bundle
from exporters.media import Image
from exporters.model import Article, Bundle, Notice, Organization, Person, Resource, Rights
from exporters.testing import edition_bundle
from exporters.text import normalize

SITE = "https://news.example.org/"
FORMATS = ("rss", "atom")
ATOM = "http://www.w3.org/2005/Atom"
CONTENT = "http://purl.org/rss/1.0/modules/content/"
DC = "http://purl.org/dc/elements/1.1/"
DCTERMS = "http://purl.org/dc/terms/"
MEDIA = "http://search.yahoo.com/mrss/"
XML = "http://www.w3.org/XML/1998/namespace"
A = f"{{{ATOM}}}"

RFC822 = re.compile(r"^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) "
                    r"\d{4} \d{2}:\d{2}:\d{2} [+-]\d{4}$")
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")
MIME = re.compile(r"^[a-z0-9][a-z0-9!#$&^_.+-]{0,126}/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}$")

# RSS 2.0 specification: the elements each parent may hold (no namespace).
RSS_CHANNEL = {"title", "link", "description", "language", "copyright", "managingEditor", "webMaster", "pubDate",
               "lastBuildDate", "category", "generator", "docs", "cloud", "ttl", "image", "rating", "textInput",
               "skipHours", "skipDays", "item"}
RSS_ITEM = {"title", "link", "description", "author", "category", "comments", "enclosure", "guid", "pubDate", "source"}
RSS_IMAGE = {"url", "title", "link", "width", "height", "description"}
# RFC 4287 section 4: the Atom elements each parent may hold.
ATOM_FEED = {"author", "category", "contributor", "generator", "icon", "id", "link", "logo", "rights", "subtitle",
             "title", "updated", "entry"}
ATOM_ENTRY = {"author", "category", "content", "contributor", "id", "link", "published", "rights", "source",
              "summary", "title", "updated"}
ATOM_PERSON = {"name", "uri", "email"}
# Extension elements, by namespace, that these feeds use.
EXTENSIONS = {
    DC: {"creator", "contributor", "publisher", "rights", "language"},
    DCTERMS: {"modified"},
    MEDIA: {"content", "title", "description", "credit"},
    CONTENT: {"encoded"},
}


# -- bundles ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def samples_bundle():
    """Every sample article as one channel, through the feed job."""
    return feed_bundle(api.read_all(sample_articles()), site_url=SITE)


@pytest.fixture(params=["full", "samples", "edition"])
def bundle(request, full_bundle, samples_bundle):
    """The fullest sample alone, every sample as a channel, and a Kazakh/Persian/English edition."""
    return {"full": full_bundle, "samples": samples_bundle, "edition": edition_bundle()}[request.param]


def render(bundle: Bundle, name: str, **options) -> bytes:
    return api.render(bundle, name, options or None).data


def entry_for(parsed, article: Article):
    matches = [entry for entry in parsed.entries if normalize(entry.title) == normalize(article.headline)]
    assert len(matches) == 1, f"{article.id}: {len(matches)} entries titled {article.headline!r}"
    return matches[0]


def expected_link(article: Article, bundle: Bundle) -> str:
    return article.url or f"{bundle.site_url}#{quote(article.id, safe='')}"


BREAKING = {"br", "p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "figure", "figcaption", "footer", "aside",
            "div", "hr", "ul", "ol"}


def visible(html_fragment: str) -> str:
    """What a reader sees of an HTML fragment, normalised: lxml.html, with a line break
    after every <br> and every block, as a browser shows them (not the exporter's reader)."""
    tree = lxml.html.fragment_fromstring(html_fragment, create_parent="div")
    for element in tree.iter(etree.Element):
        if element.tag in BREAKING:
            element.tail = "\n" + (element.tail or "")
    return normalize(tree.text_content())


def html_content(entry) -> str:
    """The entry's HTML content (feedparser also lists media:description among the contents)."""
    [value] = [content.value for content in entry.get("content", []) if content.type == "text/html"]
    return value


def epoch(moment: datetime) -> int:
    return int(moment.timestamp())


def hostile_article() -> Article:
    """Text that tries to close CDATA, open a script, run a javascript: link and smuggle control characters."""
    return Article(
        id="hostile-1",
        language="en",
        headline="Breaking ]]> <script>alert('title')</script> news\x00\x07",
        url="https://news.example.org/hostile",
        kicker="<img src=x onerror=alert(1)>",
        summary="Summary with ]]> and <b>markup</b> & \x1b[31mescapes",
        keywords=("<script>", "]]>"),
        body=(
            Paragraph(content=("Before ]]> after <script>alert('body')</script> and \x0b\x0c control.",)),
            Paragraph(content=(Link(href="javascript:alert('link')", content=("click me",)), " and ",
                               Link(href=" JaVaScRiPt:alert(2)", content=("me too",)), " and ",
                               Link(href="https://news.example.org/ok\" onmouseover=\"alert(3)", content=("quoted",)))),
            Quote(content=("<iframe src=https://evil.example/></iframe>",), attribution="</footer><script>x()</script>"),
            RelatedLink(title="A data: link", url="data:text/html,<script>alert(4)</script>"),
            Embed(url="javascript:alert(5)", title="An embed <script>", provider="Evil\x01 Video"),
            ListBlock(items=(("<style>body{}</style> item",),)),
        ),
        authors=(Person(name="Mallory <script>alert(6)</script>", url="javascript:alert(7)", email="m@example.org"),),
        publisher=Organization(name="Example News Desk", url="https://news.example.org/"),
        rights=Rights(notice="© 2026 Example ]]> Desk"),
        published=datetime(2026, 3, 3, 8, 0, tzinfo=UTC),
        notices=(Notice(text="Correction: <script>alert(8)</script> ]]>", kind="correction"),),
    )


# -- a real client reads every entry ------------------------------------------------------


@pytest.mark.parametrize("name", FORMATS)
def test_feedparser_reads_every_entry_like_its_article(bundle, name):
    parsed = feedparser.parse(render(bundle, name))
    assert parsed.bozo is False, parsed.get("bozo_exception")
    assert parsed.version == ("rss20" if name == "rss" else "atom10")
    assert len(parsed.entries) == len(bundle.articles)
    for article in bundle.articles:
        entry = entry_for(parsed, article)
        assert entry.link == expected_link(article, bundle)
        assert (entry.get("language") if name == "rss" else entry.title_detail.language) == article.language
        assert [author.name for author in entry.get("authors", [])] == writer_names(article)
        assert [person.name for person in entry.get("contributors", [])] == credit_names(article)
        if article.published:
            assert calendar.timegm(entry.published_parsed) == epoch(article.published)
        if article.modified:
            assert calendar.timegm(entry.updated_parsed) == epoch(article.modified)
        content = visible(html_content(entry))
        assert normalize(article.headline) in normalize(entry.title)
        expected = [text for block in article.body for text in block_text(block)]
        expected += [notice.text for notice in article.notices] + credit_lines(article) + photo_credits(article)
        expected += [rights_line(article), article.publisher.name if article.publisher else ""]
        for text in filter(str.strip, expected):
            assert normalize(text) in content, f"{article.id}: {text!r} missing from the {name} content"
        check_enclosure(entry, article, bundle)


def check_enclosure(entry, article: Article, bundle: Bundle) -> None:
    resource = bundle.resource(article, article.lead_image) if article.lead_image else None
    enclosures = entry.get("enclosures", [])
    if resource is None:
        assert enclosures == []
        return
    [enclosure] = enclosures
    assert enclosure.type == resource.media_type
    assert int(enclosure.length) == len(resource.data)
    assert enclosure.href.endswith(article.lead_image.src.rsplit("/", 1)[-1])
    assert enclosure.href != entry.link
    alternates = [link.href for link in entry.links if link.rel == "alternate"]
    assert alternates == [expected_link(article, bundle)]


@pytest.mark.parametrize("name", FORMATS)
def test_read_back_matches_every_article(bundle, name):
    exporter = RssExporter() if name == "rss" else AtomExporter()
    inspection = exporter.inspect(render(bundle, name))
    assert compare(bundle, inspection) == []
    # newest first, undated last, equal dates by id
    newest_first = sorted(bundle.articles, key=lambda a: (a.published is None, -a.published.timestamp() if a.published else 0, a.id))
    assert [item.title for item in inspection.items] == [article.headline for article in newest_first]
    for item in inspection.items:
        article = next(a for a in bundle.articles if a.headline == item.title)
        assert item.language == article.language
        assert item.extra["link"] == expected_link(article, bundle)


@pytest.mark.parametrize("name", FORMATS)
def test_channel_metadata(full_bundle, name):
    article = full_bundle.lead
    inspection = (RssExporter() if name == "rss" else AtomExporter()).inspect(render(full_bundle, name))
    assert inspection.title == article.headline
    assert inspection.language == article.language
    assert inspection.rights == rights_line(article)
    assert inspection.publisher == article.publisher.name
    assert inspection.extra["link"] == article.publisher.url
    assert inspection.extra["self"] == article.publisher.url + f"feed.{name}"
    assert inspection.extra["logo"] == article.publisher.logo
    assert inspection.extra["generator"] == "newsroom-exporters"
    # the newest change of any entry, never the time of the build
    assert datetime.fromisoformat(inspection.modified) == article.modified
    if name == "rss":
        assert inspection.extra["last_build_date"] == article.modified.strftime("%a, %d %b %Y %H:%M:%S %z")


# -- RSS 2.0 specification ----------------------------------------------------------------


@pytest.mark.parametrize("source", ["full", "samples", "edition"])
def test_rss_structure(source, full_bundle, samples_bundle):
    bundle = {"full": full_bundle, "samples": samples_bundle, "edition": edition_bundle()}[source]
    root = etree.fromstring(render(bundle, "rss"))
    assert root.tag == "rss" and root.get("version") == "2.0"
    [channel] = root.findall("channel")
    for required in ("title", "link", "description"):
        [element] = channel.findall(required)
        assert element.text and element.text.strip()
    assert RFC822.match(channel.findtext("lastBuildDate"))
    assert RFC822.match(channel.findtext("pubDate"))
    [self_link] = channel.findall(f"{A}link")
    assert self_link.get("rel") == "self" and self_link.get("type") == "application/rss+xml"
    assert self_link.get("href").startswith("https://")
    image = channel.find("image")
    if image is not None:
        assert {child.tag for child in image} >= {"url", "title", "link"}
        assert image.findtext("title") == channel.findtext("title")
    items = channel.findall("item")
    assert len(items) == len(bundle.articles)
    guids = [item.findtext("guid") for item in items]
    assert len(set(guids)) == len(guids) and all(guids)
    dates = [parsedate_to_datetime(item.findtext("pubDate")) for item in items]
    assert dates == sorted(dates, reverse=True), "items must come newest first"
    for item in items:
        assert item.findtext("title") or item.findtext("description")
        assert item.find("guid").get("isPermaLink") in ("true", "false")
        assert RFC822.match(item.findtext("pubDate"))
        assert RFC3339.match(item.findtext(f"{{{DCTERMS}}}modified"))
        assert item.findall("author") == [], "RSS <author> must be an e-mail address; names go in dc:creator"
        assert item.findtext(f"{{{CONTENT}}}encoded")
        for enclosure in item.findall("enclosure"):
            assert enclosure.get("url").startswith("https://")
            assert enclosure.get("length").isdigit() and int(enclosure.get("length")) > 0
            assert MIME.match(enclosure.get("type"))
        for media in item.iter(f"{{{MEDIA}}}content"):
            assert media.getparent() is item, "media:content must not be wrapped in media:group"
            assert MIME.match(media.get("type")) and media.get("medium") == "image"
            assert media.findtext(f"{{{MEDIA}}}credit") and media.findtext(f"{{{MEDIA}}}description")


def test_rss_elements_stay_in_their_namespaces(bundle):
    root = etree.fromstring(render(bundle, "rss"))
    check_extensions(root)
    for element in root.iter(etree.Element):
        parent = element.getparent()
        if etree.QName(element).namespace is not None:
            continue
        where = parent.tag if parent is not None else None
        allowed = {None: {"rss"}, "rss": {"channel"}, "channel": RSS_CHANNEL, "item": RSS_ITEM, "image": RSS_IMAGE}
        assert element.tag in allowed.get(where, set()), f"<{element.tag}> is not an RSS 2.0 element of <{where}>"
    assert {etree.QName(e).localname for e in root.iter(f"{A}*")} == {"link"}, "only atom:link belongs in RSS"


# -- RFC 4287 -----------------------------------------------------------------------------


@pytest.mark.parametrize("source", ["full", "samples", "edition"])
def test_atom_structure(source, full_bundle, samples_bundle):
    bundle = {"full": full_bundle, "samples": samples_bundle, "edition": edition_bundle()}[source]
    root = etree.fromstring(render(bundle, "atom"))
    assert root.tag == f"{A}feed"
    for required in ("id", "title", "updated"):
        assert len(root.findall(f"{A}{required}")) == 1
    assert RFC3339.match(root.findtext(f"{A}updated"))
    assert len(root.findall(f"{A}link[@rel='self']")) == 1
    assert root.get(f"{{{XML}}}lang")
    entries = root.findall(f"{A}entry")
    assert len(entries) == len(bundle.articles)
    feed_has_author = root.find(f"{A}author/{A}name") is not None
    ids = [entry.findtext(f"{A}id") for entry in entries]
    assert len(set(ids)) == len(ids) and root.findtext(f"{A}id") not in ids
    assert all(re.match(r"^(urn:uuid:[0-9a-f-]{36}|https?://\S+)$", value) for value in ids)
    for entry in entries:
        for single in ("id", "title", "updated"):
            assert len(entry.findall(f"{A}{single}")) == 1, f"an entry needs exactly one atom:{single}"
        assert len(entry.findall(f"{A}published")) <= 1
        for date in ("updated", "published"):
            if entry.find(f"{A}{date}") is not None:
                assert RFC3339.match(entry.findtext(f"{A}{date}"))
        assert feed_has_author or entry.find(f"{A}author/{A}name") is not None
        links = entry.findall(f"{A}link")
        alternates = [link for link in links if link.get("rel", "alternate") == "alternate"]
        assert len(alternates) == 1, "exactly one alternate link per entry"
        assert alternates[0].get("type") == "text/html"
        for link in links:
            assert link.get("href") and (link.get("type") is None or MIME.match(link.get("type")))
        for enclosure in (link for link in links if link.get("rel") == "enclosure"):
            assert enclosure.get("length").isdigit() and MIME.match(enclosure.get("type"))
        [content] = entry.findall(f"{A}content")
        assert content.get("type") == "html" and content.text
        assert entry.find(f"{A}summary").get("type") in (None, "text")


def test_atom_elements_stay_in_their_namespaces(bundle):
    root = etree.fromstring(render(bundle, "atom"))
    check_extensions(root)
    allowed = {"feed": ATOM_FEED, "entry": ATOM_ENTRY, "author": ATOM_PERSON, "contributor": ATOM_PERSON}
    for element in root.iter(etree.Element):
        name = etree.QName(element)
        assert name.namespace is not None, f"<{name.localname}> has no namespace in an Atom document"
        if name.namespace != ATOM or element is root:
            continue
        parent = etree.QName(element.getparent()).localname
        assert name.localname in allowed.get(parent, set()), f"atom:{name.localname} may not appear in atom:{parent}"
    for element in root.iter(etree.Element):
        for attribute in element.attrib:
            assert etree.QName(attribute).namespace in (None, XML), f"attribute {attribute} in a foreign namespace"


def check_extensions(root) -> None:
    """Every namespaced element is declared on the root and is one this feed means to use."""
    declared = set(root.nsmap.values())
    for element in root.iter(etree.Element):
        name = etree.QName(element)
        if name.namespace in (None, ATOM):
            continue
        assert name.namespace in declared, f"{name} is in an undeclared namespace"
        assert name.localname in EXTENSIONS.get(name.namespace, set()), f"unexpected extension element {name}"


def test_atom_entry_links_keep_rel_type_and_length(full_bundle):
    """feedgen 1.0 drops rel/type/length from entry links; the image must not become the entry link."""
    root = etree.fromstring(render(full_bundle, "atom"))
    article = full_bundle.lead
    resource = full_bundle.resource(article, article.lead_image)
    links = [dict(link.attrib) for link in root.find(f"{A}entry").findall(f"{A}link")]
    assert links == [
        {"href": article.url, "rel": "alternate", "type": "text/html", "hreflang": "en"},
        {"href": "https://news.example.org/2026/03/images/harbour-cranes.png", "rel": "enclosure",
         "type": resource.media_type, "length": str(len(resource.data))},
    ]


# -- safety -------------------------------------------------------------------------------


@pytest.mark.parametrize("name", FORMATS)
def test_hostile_text_stays_text(name):
    article = hostile_article()
    data = render(Bundle.of(article), name)
    assert not re.search(rb"[\x00-\x08\x0b\x0c\x0e-\x1f]", data), "control characters reached the XML"
    root = etree.fromstring(data)  # well-formed, or this raises
    parsed = feedparser.parse(data)
    assert parsed.bozo is False
    [entry] = parsed.entries
    assert entry.title == "Breaking ]]> <script>alert('title')</script> news"
    assert entry.link == article.url
    assert [author.name for author in entry.authors] == ["Mallory <script>alert(6)</script>"]
    path = f"{{{CONTENT}}}encoded" if name == "rss" else f"{A}content"
    fragment = next(root.iter(path)).text
    tree = lxml.html.fragment_fromstring(fragment, create_parent="div")
    tags = {element.tag for element in tree.iter(etree.Element)}
    assert not tags & {"script", "iframe", "style", "object", "embed", "form", "img"}
    for element in tree.iter(etree.Element):
        assert not [key for key in element.attrib if key.lower().startswith("on")]
        assert element.get("href", "https:").startswith(("https:", "http:", "mailto:"))
    hrefs = [element.get("href") for element in tree.iter("a")]
    assert all(href.startswith("https://news.example.org/") for href in hrefs)
    text = visible(fragment)
    for shown in ("<script>alert('body')</script>", "click me", "me too", "<iframe src=https://evil.example/></iframe>",
                  "A data: link", "An embed <script>", "<img src=x onerror=alert(1)>", "Correction: <script>alert(8)</script> ]]>",
                  "Before ]]> after"):
        assert normalize(shown) in text, f"{shown!r} must be shown as text"
    summary_element = root.find("channel/item/description" if name == "rss" else f"{A}entry/{A}summary")
    if name == "rss":  # RSS descriptions are read as HTML: plain text must hold no markup at all
        summary = lxml.html.fragment_fromstring(summary_element.text, create_parent="div")
        assert [element.tag for element in summary.iter(etree.Element)] == ["div"]
        assert summary.text_content() == "Summary with ]]> and <b>markup</b> & [31mescapes"
        channel = lxml.html.fragment_fromstring(root.findtext("channel/description"), create_parent="div")
        assert [element.tag for element in channel.iter(etree.Element)] == ["div"]
        assert channel.text_content() == entry.title
    else:
        assert summary_element.get("type") in (None, "text")
        assert summary_element.text == "Summary with ]]> and <b>markup</b> & [31mescapes"


@pytest.mark.parametrize("name", FORMATS)
def test_two_builds_are_byte_identical(full_bundle, name):
    """Same input, same bytes: across renders, fresh reads and processes with other hash seeds."""
    first = render(full_bundle, name)
    assert render(full_bundle, name) == first
    assert render(api.read_bundle([ARTICLES / "port-of-aktau.json"]), name) == first
    script = ("import sys; from exporters import api; "
              f"sys.stdout.buffer.write(api.render(api.read_bundle([{str(ARTICLES / 'port-of-aktau.json')!r}]), {name!r}).data)")
    other = subprocess.run([sys.executable, "-c", script], capture_output=True, check=True, timeout=120,
                           env={**os.environ, "PYTHONHASHSEED": "12345"})
    assert other.stdout == first


# -- choices ------------------------------------------------------------------------------


def plain_article(**fields) -> Article:
    values = {"id": "plain-1", "language": "en", "headline": "Plain headline",
                  "body": (Paragraph(content=("First paragraph.",)),),
                  "publisher": Organization(name="Example News Desk", url=SITE),
                  "published": datetime(2026, 1, 2, 3, 4, tzinfo=timezone(timedelta(hours=3)))}
    values.update(fields)
    return Article(**values)


@pytest.mark.parametrize("name", FORMATS)
def test_article_without_url_links_into_the_site(name):
    lead = Image(src="images/photo.png", alt="A photo.", caption="A caption.", credit="Photo: Somebody")
    article = plain_article(lead_image=lead)
    png = Resource(data=b"\x89PNG fake bytes", media_type="image/png", width=4, height=3)
    bundle = Bundle.of(article, site_url="https://news.example.org/world/",
                       resources={Bundle.resource_key(article, lead): png})
    [entry] = feedparser.parse(render(bundle, name)).entries
    assert entry.link == "https://news.example.org/world/#plain-1"
    assert entry.id.startswith("urn:uuid:")
    assert entry.enclosures[0].href == "https://news.example.org/world/images/photo.png"
    assert int(entry.enclosures[0].length) == len(png.data)
    assert [a.name for a in entry.authors] == ["Example News Desk"]  # the publisher signs an unsigned piece


def test_guid_is_a_permalink_only_when_it_is_the_url():
    url = "https://news.example.org/2026/01/plain"
    as_url = etree.fromstring(render(Bundle.of(plain_article(id=url, url=url)), "rss")).find("channel/item/guid")
    assert (as_url.text, as_url.get("isPermaLink")) == (url, "true")
    other = etree.fromstring(render(Bundle.of(plain_article(url=url)), "rss")).find("channel/item/guid")
    assert other.get("isPermaLink") == "false" and other.text.startswith("urn:uuid:")
    stable = etree.fromstring(render(Bundle.of(plain_article(url=url, version=7)), "rss")).find("channel/item/guid")
    assert stable.text == other.text, "a new version of an article keeps its guid"


@pytest.mark.parametrize("name", FORMATS)
def test_image_without_bytes_is_caption_and_credit_only(name):
    lead = Image(alt="Not captured.", caption="The caption of a photo we do not have.", credit="Photo: Agency")
    bundle = Bundle.of(plain_article(url="https://news.example.org/a", lead_image=lead))
    data = render(bundle, name)
    [entry] = feedparser.parse(data).entries
    assert entry.get("enclosures", []) == [] and "media_content" not in entry
    tree = lxml.html.fragment_fromstring(html_content(entry), create_parent="div")
    assert tree.find(".//img") is None
    assert "The caption of a photo we do not have. Photo: Agency" in visible(html_content(entry))


@pytest.mark.parametrize("name", FORMATS)
def test_summary_only(full_bundle, name):
    data = render(full_bundle, name, summary_only=True)
    [entry] = feedparser.parse(data).entries
    article = full_bundle.lead
    assert entry.summary == article.summary
    excerpt = visible(html_content(entry))
    for text in [article.summary, *credit_lines(article), *(notice.text for notice in article.notices), rights_line(article)]:
        assert normalize(text) in excerpt
    paragraphs = [text for block in article.body if isinstance(block, Paragraph) for text in block_text(block)]
    assert not [text for text in paragraphs if normalize(text) in excerpt]
    exporter = RssExporter() if name == "rss" else AtomExporter()
    [item] = exporter.inspect(data).items
    assert item.extra["partial"] is True
    # An excerpt leaves the body figures out, and with them their credits; nothing else may be missing.
    figure_credits = {block.image.credit for block in article.body if isinstance(block, Figure)} - {article.lead_image.credit}
    for finding in compare(full_bundle, exporter.inspect(data)):
        assert finding.code == "A207" and any(credit in finding.message for credit in figure_credits), finding.line()


@pytest.mark.parametrize("name", FORMATS)
def test_self_url_option(full_bundle, name):
    data = render(full_bundle, name, self_url="https://cdn.example.org/feeds/news." + name)
    inspection = (RssExporter() if name == "rss" else AtomExporter()).inspect(data)
    assert inspection.extra["self"] == "https://cdn.example.org/feeds/news." + name
    with pytest.raises(Exception, match="self_url"):
        render(full_bundle, name, self_url="javascript:alert(1)")


@pytest.mark.parametrize("name", FORMATS)
def test_right_to_left_article(name):
    article = plain_article(id="fa-1", language="fa", headline="بندر کاسپین صادرات غلات را دو برابر کرد",
                            url="https://news.example.org/fa/1",
                            body=(Paragraph(content=("صادرات غلات از بندر آکتائو دو برابر شد.",)),))
    data = render(Bundle.of(article), name)
    [entry] = feedparser.parse(data).entries
    wrapper = lxml.html.fragment_fromstring(html_content(entry))
    assert (wrapper.get("dir"), wrapper.get("lang")) == ("rtl", "fa")
    [item] = (RssExporter() if name == "rss" else AtomExporter()).inspect(data).items
    assert item.language == "fa"


def test_a_feed_needs_somewhere_to_link():
    article = plain_article(publisher=Organization(name="No Site Desk"))
    with pytest.raises(Exception, match="site URL"):
        render(Bundle.of(article), "rss")


def test_options_are_checked():
    with pytest.raises(Exception, match="rss has no option .summary_onyl.; its options: summary_only"):
        api.make_exporter("rss", {"summary_onyl": "true"})
    assert msgspec.structs.asdict(api.make_exporter("atom", {"summary_only": "true"}).options)["summary_only"] is True


# -- partner profiles (-O rss.profile=...) ---------------------------------------------------


def _profile(bundle, profile: str, name: str = "rss"):
    exporter = api.make_exporter(name, {"profile": profile})
    data = exporter.render(bundle).data
    return data, exporter.inspect(data)


@pytest.mark.parametrize("name", ["rss", "atom"])
def test_media_profile_gives_every_image_its_media_content(name):
    from exporters.checks import compare

    bundle = api.read_bundle([ARTICLES / "port-of-aktau.json"])
    data, inspection = _profile(bundle, "media", name)
    [item] = inspection.items
    media = item.extra["media_all"]
    article = bundle.lead
    assert [entry["description"] for entry in media] == [image.caption for image in article.images()]
    assert [entry["credit"] for entry in media] == [image.credit for image in article.images()]
    assert all(entry["url"].startswith("https://news.example.org/") and entry["type"] == "image/png" for entry in media)
    assert compare(bundle, inspection) == []
    import feedparser

    parsed = feedparser.parse(data)
    assert not parsed.bozo and len(parsed.entries[0].media_content) == 3


def test_full_profile_keeps_one_media_content_and_summary_profile_is_an_excerpt():
    from exporters.checks import compare

    bundle = api.read_bundle([ARTICLES / "port-of-aktau.json"])
    _, full = _profile(bundle, "full")
    assert len(full.items[0].extra["media_all"]) == 1 and not full.items[0].extra["partial"]
    data, summary = _profile(bundle, "summary")
    assert summary.items[0].extra["partial"] and compare(bundle, summary) == []
    assert b"The spur, built over two summers" not in data  # a body paragraph
    assert data == api.render(bundle, "rss", {"summary_only": "true"}).data


def test_an_unknown_profile_is_a_usage_error():
    from exporters.errors import UsageError

    with pytest.raises(UsageError, match="-O rss.profile=msn: expected one of full, media, summary"):
        api.make_exporter("rss", {"profile": "msn"})
