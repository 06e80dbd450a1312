"""The generic extraction's main text (newscrawler.extraction.generic) on small pages
written here, each modelled on the markup of real pages of the article-extraction
benchmark (../shared/benchmarks/aeb) where the body went wrong."""

from __future__ import annotations

from typing import Any

from scrapy.http import HtmlResponse

from newscrawler.extraction.generic import generic_article
from newscrawler.extraction.structured import StructuredData
from newscrawler.items import ArticleItem


def first_found(field: str, *sources: Any, **_: Any) -> Any:
    return next((value for source in sources if (value := source())), None)


def extracted(html: str, url: str = "https://www.example.org/news/harbor-vote") -> ArticleItem:
    response = HtmlResponse(url, body=html.encode(), encoding="utf-8")
    return generic_article(response, StructuredData(response), first_found, url)


def sentences(subject: str, count: int) -> str:
    return " ".join(
        f"{subject}, and sentence {n} says what came of it that day." for n in range(count)
    )


# A story printed in parts: what each paragraph of a part says, and in how many sentences.
Paragraphs = tuple[tuple[str, int], ...]


def part_markup(part: int, paragraphs: Paragraphs) -> str:
    return "".join(
        f"<p>{sentences(f'Part {part} {says}', count)}</p>" for says, count in paragraphs
    )


def parts_copy(parts: int, paragraphs: Paragraphs) -> list[str]:
    """The copy of the story: each part's paragraphs, in order."""
    return [
        sentences(f"Part {n} {says}", count) for n in range(parts) for says, count in paragraphs
    ]


def story(between: str, count: int, after: str = "") -> str:
    """An article page whose body is a paragraph, the markup between, another paragraph,
    and the markup after."""
    return (
        '<html><body><article><h1>Harbor vote delayed</h1><div class="entry">'
        f"<p>{sentences('The council met', count)}</p>{between}"
        f"<p>{sentences('The vote was put off', count)}</p>{after}</div></article></body></html>"
    )


def story_copy(count: int) -> list[str]:
    """The two paragraphs of a story's copy (see story)."""
    return [sentences("The council met", count), sentences("The vote was put off", count)]


def test_the_body_is_read_in_the_article_not_in_the_teasers_around_it():
    # A WordPress theme's single post (mensagensreflexao.com.br): the article with its
    # headline, then the next posts as sibling <article>s, each with a whole paragraph.
    teasers = "".join(
        f'<article class="postbox"><h2><a href="/post-{n}">Another post {n}</a></h2>'
        f"<p>{sentences(f'Another post {n} tells its own story', 6)}</p></article>"
        for n in range(6)
    )
    item = extracted(
        f'<html><body><div class="row"><div class="columns">'
        f'<article class="articlebox"><h1>Harbor vote delayed</h1>'
        f"<p>{sentences('The council met on Tuesday', 12)}</p></article>"
        f'<div class="more">{teasers}</div></div>'
        f'<div class="sidebar"><p>About us</p></div></div></body></html>'
    )
    assert item.body == [sentences("The council met on Tuesday", 12)]


def test_a_body_split_between_ad_rows_is_read_whole():
    # Wired's article page: the body comes in chunks, each its own `article__body` block
    # in a grid row beside an ad rail; only the first chunk was read.
    paragraphs = (("of the story goes on", 5), ("adds a second paragraph", 4))
    chunks = "".join(
        f'<div class="grid grid-items-2"><div class="grid--item body article__body">'
        f"{part_markup(n, paragraphs)}</div>"
        f'<div class="grid--item ad-rail"><div class="ad">Advertisement</div></div></div>'
        for n in range(3)
    )
    item = extracted(
        f'<html><body><article class="article main-content"><h1>Harbor vote delayed</h1>'
        f'<div class="article__chunks">{chunks}</div></article></body></html>'
    )
    assert item.body == parts_copy(3, paragraphs)


def test_blocks_side_by_side_are_read_in_place_with_what_lies_between():
    # A WordPress post whose quotes share one class: they stay in their order among the
    # paragraphs between them, not gathered into the first.
    item = extracted(
        '<html><body><article><h1>Harbor vote delayed</h1><div class="entry-content">'
        f"<p>{sentences('The council met', 4)}</p>"
        f'<blockquote class="wp-block-quote"><p>{sentences("A member said", 3)}</p></blockquote>'
        f"<p>{sentences('The mayor answered', 4)}</p>"
        f'<blockquote class="wp-block-quote"><p>{sentences("Another said", 3)}</p></blockquote>'
        "</div></article></body></html>"
    )
    assert item.body == [
        sentences(subject, count)
        for subject, count in (
            ("The council met", 4),
            ("A member said", 3),
            ("The mayor answered", 4),
            ("Another said", 3),
        )
    ]


def test_a_body_that_holds_the_copy_is_read_off_the_tree():
    # A news site's story body (ScienceAlert, ABC News): paragraphs, a subheading, a list,
    # a picture with its caption in a paragraph, a line of related links, an ad slot.
    item = extracted(
        '<html><body><article><h1>Harbor vote delayed</h1><div class="story-body">'
        f"<p>{sentences('The council met', 5)}</p>"
        '<p><img src="/harbor.jpg" alt=""><span>The harbor at dawn. (City of Harbor)</span></p>'
        "<h2>What comes next</h2>"
        f"<p>{sentences('The vote moves to June', 5)}</p>"
        "<ul><li>Dredging the channel</li><li>Moving the ferry pier</li></ul>"
        '<p>Read more: <a href="/a">Harbor plan explained</a></p>'
        '<div class="ad-slot">Advertisement</div>'
        f"<p>{sentences('The mayor spoke last', 4)}</p>"
        "</div></article></body></html>"
    )
    assert item.body == [
        sentences("The council met", 5),
        "What comes next",
        sentences("The vote moves to June", 5),
        "Dredging the channel",
        "Moving the ferry pier",
        sentences("The mayor spoke last", 4),
    ]


def test_a_quotes_paragraphs_and_a_nested_lists_items_are_lines_of_their_own():
    # Slate's block quote (a <div> of paragraphs in a <blockquote>) and a WordPress list
    # nested in an item: the lines ran together ("a high fantasy.If a guy ...").
    item = extracted(
        '<html><body><article><h1>Harbor vote delayed</h1><div class="story-body">'
        f"<p>{sentences('The council met', 5)}</p>"
        '<blockquote class="pull"><div data-editable="text"><p>If the tide is high, we wait.'
        "</p><p>If the tide is low, we sail.</p></div></blockquote>"
        f"<p>{sentences('The vote moves to June', 5)}</p>"
        '<ul><li style="list-style-type: none;"><ul><li>Dredging the channel</li>'
        "<li>Moving the ferry pier</li></ul></li></ul>"
        f"<p>{sentences('The mayor spoke last', 4)}</p>"
        "</div></article></body></html>"
    )
    assert item.body == [
        sentences("The council met", 5),
        "If the tide is high, we wait.",
        "If the tide is low, we sail.",
        sentences("The vote moves to June", 5),
        "Dredging the channel",
        "Moving the ferry pier",
        sentences("The mayor spoke last", 4),
    ]


def test_a_nested_lists_items_are_lines_of_their_own_in_trafilaturas_text_too():
    # The same list where the body is not one element's paragraphs (a standfirst apart
    # from the body), so trafilatura reads it: its items held the nested ones' text.
    item = extracted(
        "<html><body><article><h1>Harbor vote delayed</h1>"
        f'<div class="standfirst"><p>{sentences("The city waited", 3)}</p></div>'
        f'<div class="story-body"><p>{sentences("The council met", 6)}</p>'
        "<p>Click the link above so you can:</p>"
        "<ul><li>See the plan<ul><li>Dredging the channel</li>"
        "<li>Moving the ferry pier</li></ul></li></ul>"
        f"<p>{sentences('The mayor spoke last', 5)}</p></div></article></body></html>"
    )
    assert "See the plan" in item.body
    assert "Dredging the channel" in item.body
    assert "Moving the ferry pier" in item.body


def test_a_heading_or_label_that_closes_the_body_is_not_copy():
    # What introduced a block that is not copy: "More:" over a list of links, a comments
    # section's heading over its count (aljazeera.com, a WordPress site).
    links = "".join(f'<li><a href="/story-{n}">Another story number {n}</a></li>' for n in range(3))
    for closing in (
        f"<h4>More:</h4><ul>{links}</ul>",
        "<h3>Comments</h3><p><comments-count></comments-count> comments</p>",
        "<p>You may also like...</p>",
    ):
        item = extracted(
            '<html><body><article><h1>Harbor vote delayed</h1><div class="story-body">'
            f"<p>{sentences('The council met', 5)}</p><h2>What comes next</h2>"
            f"<p>{sentences('The vote moves to June', 5)}</p>{closing}</div></article>"
            "</body></html>"
        )
        assert item.body == [
            sentences("The council met", 5),
            "What comes next",
            sentences("The vote moves to June", 5),
        ], closing


def test_subheadings_and_sentences_with_links_in_a_body_read_off_the_tree():
    # PolitiFact's subheadings are <div>s between paragraphs; a subheading the paragraph
    # under it begins with (Voice of America's "The Rukban camp"); a BBC paragraph that is
    # mostly one link but a sentence; a "More:" over a list of links amid the copy
    # (aljazeera.com). A date line above the copy is no subheading.
    links = "".join(f'<li><a href="/story-{n}">Another story number {n}</a></li>' for n in range(3))
    item = extracted(
        '<html><body><article><h1>Harbor vote delayed</h1><div class="story-body">'
        '<div class="article_date">November 20, 2019 - 11:28 AMT</div>'
        f"<p>{sentences('The council met', 5)}</p>"
        '<div class="pf_subheadline">Our ruling</div>'
        f"<p>{sentences('The vote moves to June', 5)}</p>"
        "<h4><strong>The harbor plan</strong></h4>"
        f"<p>The harbor plan, as drafted, {sentences('deepens the channel', 3)}</p>"
        '<p>The mayor faces <a href="/charges">a charge of misconduct in office</a>.</p>'
        f"<h4>More:</h4><ul>{links}</ul>"
        f"<p>{sentences('The mayor spoke last', 4)}</p>"
        "</div></article></body></html>"
    )
    assert item.body == [
        sentences("The council met", 5),
        "Our ruling",
        sentences("The vote moves to June", 5),
        "The harbor plan",
        f"The harbor plan, as drafted, {sentences('deepens the channel', 3)}",
        "The mayor faces a charge of misconduct in office.",
        sentences("The mayor spoke last", 4),
    ]


def test_an_embedded_post_in_the_body_is_read_with_it():
    # NJ.com and Sky News embed tweets in the body: a <blockquote> of a paragraph and
    # its signature, in the site's wrapper <div> beside the embed's script. Its paragraph
    # is the body's text too: the body was not read off the tree, and trafilatura dropped
    # the posts.
    def tweet(n: int) -> str:
        return (
            '<div class="social-media-embed"><blockquote class="twitter-tweet">'
            f'<p lang="en">Post number {n} about the harbor vote says it all: '
            f'<a href="https://t.co/x{n}">https://t.co/x{n}</a></p>'
            f"— Harbor Watch (@harborwatch) "
            f'<a href="https://twitter.com/harborwatch/status/{n}">November 18, 2019</a>'
            '</blockquote><script async src="https://platform.twitter.com/widgets.js">'
            "</script></div>"
        )

    item = extracted(
        '<html><body><article><h1>Harbor vote delayed</h1><div class="entry-content">'
        f"<p>{sentences('The council met', 3)}</p>{tweet(1)}"
        f"<p>{sentences('The vote moves to June', 2)}</p>{tweet(2)}{tweet(3)}"
        f"<p>{sentences('The mayor spoke last', 2)}</p>"
        "</div></article></body></html>"
    )
    assert item.body == [
        sentences("The council met", 3),
        "Post number 1 about the harbor vote says it all: https://t.co/x1",
        "— Harbor Watch (@harborwatch) November 18, 2019",
        sentences("The vote moves to June", 2),
        "Post number 2 about the harbor vote says it all: https://t.co/x2",
        "— Harbor Watch (@harborwatch) November 18, 2019",
        "Post number 3 about the harbor vote says it all: https://t.co/x3",
        "— Harbor Watch (@harborwatch) November 18, 2019",
        sentences("The mayor spoke last", 2),
    ]


def test_a_names_hover_card_in_a_paragraph_is_not_its_text():
    # The Hill links a person's name to a card shown on a pointer over it: a <span>
    # with a picture, the full name and headlines, inside the paragraph ("Kristi
    # NoemKristi Lynn NoemSouth Dakota governor doubles down ... MORE (R) is defending").
    card = (
        '<span class="rollover-people"><a href="/people/jane-roe">Jane Roe</a>'
        '<span class="rollover-people-block"><span><img src="/roe.jpg" alt="">'
        '<a class="name" href="/people/jane-roe">Jane Q. Roe</a>'
        '<a href="/news/1">Roe doubles down on the harbor plan</a> '
        '<a href="/news/2">Harbor board meets again on Monday</a> '
        '<a class="more" href="/people/jane-roe">MORE</a></span></span></span>'
    )
    item = extracted(
        '<html><body><article><h1>Harbor vote delayed</h1><div class="field-item">'
        f"<p>Harbor Commissioner {card} (D) is defending the plan.</p>"
        f"<p>{sentences('The council met', 5)}</p>"
        "</div></article></body></html>"
    )
    assert item.body == [
        "Harbor Commissioner Jane Roe (D) is defending the plan.",
        sentences("The council met", 5),
    ]


def test_a_body_printed_as_blocks_side_by_side_is_read_off_the_tree():
    # The Express prints the copy as sibling <div class="text-description"> blocks, with
    # "SEE MORE" and "DON'T MISS" lines of other stories' links and ads between them:
    # the body was a quarter of the article's text, and trafilatura kept those lines.
    def teasers(label: str) -> str:
        links = " ".join(
            f'<a href="/news/{n}">Another story about the port number {n}</a> [{label}]'
            for n in range(3)
        )
        return f'<div class="box"><p><strong>{label}</strong> {links}</p></div>'

    paragraphs = (("of the story", 4), ("goes on", 3))
    blocks = "".join(
        f'<div class="text-description">{part_markup(n, paragraphs)}</div>'
        + (teasers("DON'T MISS") if n == 1 else '<div class="ad">Advertisement</div>')
        for n in range(4)
    )
    item = extracted(
        f"<html><body><article><h1>Harbor vote delayed</h1>{blocks}</article></body></html>"
    )
    assert item.body == parts_copy(4, paragraphs)


def test_a_line_of_addresses_is_not_copy():
    # The Houston Chronicle closes with the reporter's addresses on a line of their own.
    item = extracted(
        '<html><body><article><h1>Harbor vote delayed</h1><div class="story-body">'
        f"<p>{sentences('The council met', 5)}</p>"
        "<p>jane.roe@example-news.com twitter.com/janeroe</p></div></article></body></html>"
    )
    assert item.body == [sentences("The council met", 5)]


def test_a_body_split_between_figures_is_read_whole_on_a_page_without_an_article():
    # Quanta Magazine has no <article>: the copy comes in `post__content` blocks, each in a
    # section wrapper of its own, with figures and their captions between them. Only the
    # first and longest block was taken for the body, and what followed it was cut.
    first = tuple((f"paragraph {n} says", 4) for n in range(5))
    later = (("goes on", 3),)
    figure = (
        '<figure><img src="/cells.jpg" alt=""><figcaption><div class="caption">'
        f"<p>{sentences('The picture shows cells', 2)}</p></div></figcaption></figure>"
    )
    chunks = figure.join(
        f'<section class="outer"><div class="post__content__section wysiwyg">'
        f'<div class="post__content wysiwyg">{part_markup(n, later if n else first)}</div>'
        "</div></section>"
        for n in range(3)
    )
    item = extracted(
        '<html><body><header><nav><a href="/">Home</a></nav></header>'
        f'<div class="main"><h1>Harbor vote delayed</h1>{chunks}</div>'
        "<footer><p>About us</p></footer></body></html>"
    )
    assert item.body == parts_copy(1, first) + parts_copy(3, later)[1:]


def test_copy_lying_loose_between_headings_and_breaks_is_the_body():
    # A deals post (ign.com): the copy is text and <br>s right in the body's <section>,
    # not in <p>s; each deal a heading, a linked picture, its text, a list with one link;
    # an empty <p/> after the lede. A picture's line (its caption) is no copy, nor a list
    # made of links.
    deals = "".join(
        f"<h2>Deal {n}: a harbor kayak for ${n}9.99</h2>"
        f'<a href="https://shop.example/{n}"><img src="/k{n}.jpg"></a>'
        f"{sentences(f'Deal {n} is the lowest price we have seen', 3)}<br>"
        f'<ul><li><a href="https://shop.example/{n}">Get it at the shop for ${n}9.99</a></li></ul>'
        for n in range(1, 6)
    )
    item = extracted(
        "<html><body><main><h1>Daily deals: harbor kayaks</h1>"
        '<section class="article-page">'
        f"{sentences('We bring you the best deals of the day', 3)}<p/>{deals}"
        '<span><img src="/credit.jpg"> Photo: the kayak shop</span></section>'
        '<nav><a href="/">Home</a> <a href="/deals">Deals</a></nav></main></body></html>'
    )
    expected = [sentences("We bring you the best deals of the day", 3)]
    for n in range(1, 6):
        expected += [
            f"Deal {n}: a harbor kayak for ${n}9.99",
            sentences(f"Deal {n} is the lowest price we have seen", 3),
        ]
    assert item.body == expected


def test_one_break_in_loose_copy_is_a_line_break_two_end_the_paragraph():
    # ARTICLE.md: a <br> inside one paragraph becomes "\n"; copy printed as text and
    # <br>s marks its paragraphs with a blank line, two <br>s in a row.
    first, second = sentences("The harbor opened", 3), sentences("The ferry ran late", 3)
    address = "Harbor Office, 1 Quay Street"
    item = extracted(
        "<html><body><main><h1>Harbor reopens</h1><section class='entry'>"
        f"{first}<br><br>{address}<br>Open daily from nine<br><br>{second}"
        f"<h2>What comes next</h2>{sentences('The council meets again', 3)}"
        "</section></main></body></html>"
    )
    assert item.body == [
        first,
        f"{address}\nOpen daily from nine",
        second,
        "What comes next",
        sentences("The council meets again", 3),
    ]


def test_readers_comments_longer_than_the_article_are_not_its_body():
    # MacRumors: a short story, then readers' comments each in a `comment_content` block;
    # a long comment held most of the page's paragraph text, and was taken for the body.
    comments = "".join(
        f'<div class="comment"><div class="comment_content"><div class="content">'
        f"<p>{sentences(f'Reader {n} thinks the vote was rigged', 2 + 120 * n)}</p>"
        "</div></div></div>"
        for n in range(2)
    )
    item = extracted(
        '<html><body><div id="content"><div class="article"><h1>Harbor vote delayed</h1>'
        f'<div class="story"><p>{sentences("The council met", 4)}</p>'
        f"<p>{sentences('The vote was put off', 4)}</p></div></div>"
        f'<div id="comments">{comments}</div></div></body></html>'
    )
    assert item.body == story_copy(4)


def test_a_body_beside_its_headline_is_read_off_the_tree_on_a_page_without_an_article():
    # MacRumors has no <article> or <main>: the headline and the copy (text and <br>s)
    # share a wrapper; the sidebar's teasers (a <p> in each link) and the footer held
    # enough paragraph text beside it that trafilatura read the page, and it lost the
    # first paragraph and took a teaser's.
    teasers = "".join(
        f'<li><div class="text"><a href="/guide/{n}"><p>{sentences(f"Guide {n} explains", 2)}'
        "</p></a></div></li>"
        for n in range(5)
    )
    copy = [sentences(f"Paragraph {n} of the story", 2) for n in range(4)]
    item = extracted(
        '<html><body><div id="content"><div class="wrapper">'
        '<div id="feature"><h2>Harbor week</h2><div><a href="/a">Ferries run late</a></div>'
        '<div><a href="/b">Kayaks on sale at the port</a></div></div>'
        '<div class="article"><h1>Harbor vote delayed</h1>'
        '<div class="byline">Monday by <a href="/jane">Jane Roe</a></div>'
        f'<div class="content">{"<br> <br>".join(copy)}<br><br>'
        '<div class="linkback">Tag: <a href="/tag/harbor">harbor</a></div></div></div></div>'
        f'<div id="sidebar"><ul>{teasers}</ul></div></div>'
        f'<div id="footer"><p>{sentences("The site is about boats", 3)}</p></div></body></html>'
    )
    assert item.body == copy


def test_a_body_split_into_cards_is_read_off_the_tree():
    # Hawaii News Now (Arc): each paragraph in a card of its own, ads and an embed between
    # them; trafilatura read the joined cards and dropped a short paragraph ending in a
    # link. The cards together hold the article's paragraph text: it is read off the tree.
    copy = [sentences(f"Card {n} of the story", 3) for n in range(6)]
    copy.insert(3, 'The discovery was announced in the journal <a href="/j">Harbor Science</a>.')
    embed = '<div class="card collection-item embed"><iframe src="/v"></iframe></div>'
    cards = "".join(
        f'<div class="card collection-item"><div class="card-content card-article">'
        f"<p>{paragraph}</p></div></div>" + (embed if n == 4 else "")
        for n, paragraph in enumerate(copy)
    )
    item = extracted(
        '<html><body><article id="content-well"><h1>Harbor vote delayed</h1>'
        f'<div class="collection" id="article-body">{cards}</div></article>'
        f"<footer><p>{sentences('The station serves the islands', 1)}</p></footer></body></html>"
    )
    linked = "The discovery was announced in the journal Harbor Science."
    assert item.body == [*copy[:3], linked, *copy[4:]]


def test_a_paragraph_beside_a_floated_picture_is_copy():
    # WordPress: a picture floated right (class "alignright") in a short paragraph, its
    # text wrapping around it, is copy; a picture set apart with its line is a caption.
    item = extracted(
        story(
            '<p><img class="alignright size-full" src="/jane.jpg" alt="Jane Roe">'
            "If we have not met yet, my name is Jane Roe.</p>"
            '<p><img class="aligncenter" src="/harbor.jpg"> The harbor at dawn</p>',
            4,
        )
    )
    first, second = story_copy(4)
    assert item.body == [first, "If we have not met yet, my name is Jane Roe.", second]


def test_the_headline_and_a_small_print_line_above_the_copy_are_not_copy():
    # A city hall's news page (jaraguadosul.com.br): no <h1>, the headline printed as a
    # <p class="titulo">, then a <small> line of date, author, category and tag links,
    # then the copy as loose text beside two floated pictures.
    item = extracted(
        '<html><head><meta property="og:title" content="Harbor vote delayed"></head><body>'
        '<div class="row"><div class="col-md-3"><ul><li><a href="/2018">2018</a></li></ul>'
        '</div><div class="col-md-9"><p class="titulo">Harbor vote delayed</p>'
        '<small><b>05/10/2018</b> - Published by: Jane Roe - Category: <a href="/c">Port</a>'
        ' - Tags: <a href="/t/vote">vote</a> <a href="/t/harbor">harbor</a></small><br><br>'
        '<img src="/a.jpg" style="float:right"><img src="/b.jpg" style="float:left">'
        f"{sentences('The council met', 4)}<br><br><br></div></div></body></html>"
    )
    assert item.body == [sentences("The council met", 4)]


def test_a_lede_of_links_ending_with_a_quoted_full_stop_is_a_sentence():
    # Fox News: the lede's words are mostly links ('<a>Jane Roe</a> has been named to
    # "<a>The Harbor Board</a>."'): it ends with a full stop inside a closing quote, as a
    # sentence does and a headline does not.
    lede = (
        '<a href="/person/jane-roe">Jane Roe</a> has joined “'
        '<a href="/category/harbor-board">The Harbor Board</a>.”'
    )
    item = extracted(
        '<html><body><article><h1>Harbor vote delayed</h1><div class="article-body">'
        f"<p>{lede}</p>"
        + "".join(f"<p>{sentences(f'Paragraph {n} says', 3)}</p>" for n in range(4))
        + "</div></article></body></html>"
    )
    assert item.body == [
        "Jane Roe has joined “The Harbor Board.”",
        *(sentences(f"Paragraph {n} says", 3) for n in range(4)),
    ]


def test_a_quote_with_a_picture_above_its_text_is_copy():
    # A theatre's blog quotes its visitors' reviews: each <blockquote> holds the picture
    # they posted in a paragraph of its own, then their words: these are no caption.
    review = (
        '<blockquote><p><img class="aligncenter" src="/r.jpg"></p>'
        "<p>“Very talented people! Super fun and entertaining!”</p></blockquote>"
    )
    item = extracted(
        '<html><body><article><h1>Harbor vote delayed</h1><div class="entry">'
        + "".join(f"<p>{sentences(f'Paragraph {n} says', 3)}</p>" for n in range(4))
        + f"{review}<p><strong>– Ali</strong></p></div></article></body></html>"
    )
    assert item.body == [
        *(sentences(f"Paragraph {n} says", 3) for n in range(4)),
        "“Very talented people! Super fun and entertaining!”",
        "– Ali",
    ]


def test_a_body_read_whole_off_the_tree_leaves_out_a_label_over_its_links():
    # Al Jazeera: a "More:" label over a list of other stories' links sits between two
    # paragraphs of a short story. Leaving them out (as no copy) counted as text the
    # tree path missed, and trafilatura, reading the page, kept the label.
    links = "".join(
        f'<li><a href="/news/{n}">Another story about the harbor number {n}</a></li>'
        for n in range(3)
    )
    item = extracted(story(f"<p>More:</p><ul>{links}</ul>", 2))
    assert item.body == story_copy(2)


def test_a_long_line_of_links_that_is_no_sentence_is_not_copy():
    # The Express's "DON'T MISS" paragraph of other stories' headlines, and a WordPress
    # theme's tag list loose under the copy, are each 30 words or more, mostly links, and
    # end with no full stop: lines of links, however long, not copy.
    headlines = "<br>".join(
        f'<a href="/news/{n}">Harbor board answers the port workers on the night shift {n}</a>'
        " [INSIGHT]"
        for n in range(3)
    )
    tags = ", ".join(f'<a href="/tag/harbor-{n}" rel="tag">harbor vote {n}</a>' for n in range(12))
    item = extracted(
        story(
            f"<p><strong>DON'T MISS</strong><br>{headlines}</p>",
            3,
            after=f"<strong>Tags<br>{tags}</strong>",
        )
    )
    assert item.body == story_copy(3)


def test_a_script_in_loose_copy_is_not_its_text():
    # The Space Review lays its page out in a table: the copy is loose text in a <td>,
    # and a <span> among it holds the comments widget's <script>, whose code was read
    # as a line of the copy.
    widget = "<span class='info'><script>var idcomments_acct = 'd4715bbd82';</script></span>"
    item = extracted(
        "<html><body><table><tr><td><h1>Harbor vote delayed</h1>"
        f"{widget}<br>{sentences('The council met', 3)}<p>{sentences('The vote was put off', 3)}"
        "</p></td></tr></table></body></html>"
    )
    assert item.body == story_copy(3)


def test_a_line_in_italics_under_pictures_is_their_caption():
    # A WordPress gallery post (inexhibit.com): pictures each in a <p> of their own, an
    # empty <p>, then their caption in a paragraph all in <em>; an italic line after copy
    # stays copy.
    pictures = "".join(f'<p><a href="/p{n}.jpg"><img src="/p{n}.jpg"></a></p>' for n in range(3))
    caption = "The harbor at dawn, installation views, photos © Harbor Post, 2018"
    item = extracted(
        story(
            f"{pictures}<p> </p><p><em>{caption}</em></p>",
            4,
            after="<p><em>Jane Roe reported.</em></p>",
        )
    )
    assert item.body == [*story_copy(4), "Jane Roe reported."]
