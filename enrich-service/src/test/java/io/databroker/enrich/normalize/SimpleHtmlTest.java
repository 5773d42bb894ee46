package io.databroker.enrich.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;

/**
 * {@link SimpleHtml} says what jsoup says, or nothing: on the shapes news feeds send (modelled on real feeds' markup),
 * on the cases HTML parsing is known to be tricky about, and on 100,000 generated fragments.
 */
class SimpleHtmlTest {

    /** Shapes of real feed markup: each must be read by the fast path, with jsoup's text and links. */
    private static final String[] FEED_SHAPES = {
            "<p>A thesis (<a href=\"https://arxiv.org/abs/1606.04259\">arXiv:1606.04259</a>) finds tiny shifts.</p>",
            "<p>Maintenance work, including:</p>\n   <ul>\n   <li>migrate to the 2018 edition</li>\n   <li>more tests</li>\n   </ul>\n",
            "<h4>Getting to the Moon is <i>hard</i></h4> <p>NASA made a slew of announcements \u2013 despite one vendor.\u2026</p>",
            "<p class=\"quicksummary\"><a href=\"https://quake.example/ev/nc73#shakemap\" title=\"ShakeMap\" class=\"mmi-II\">ShakeMap - "
                    + "<strong class=\"roman\">II</strong></a></p><dl><dt>Time</dt><dd>2019-07-31 12:26:15 UTC</dd><dt>Location</dt>"
                    + "<dd>40.347&deg;N 124.460&deg;W</dd></dl>",
            "Ab April soll es wieder F\u00f6rderung geben. (<a href=\"https://www.golem.de/specials/glasfaser/\">Glasfaser</a>) "
                    + "<img src=\"https://cpx.golem.de/cpx.php?class=17&amp;aid=171451&amp;page=1\" alt=\"\" width=\"1\" height=\"1\" />",
            "<img style=\"max-width:800px;\" alt=\"Skipping\" src=\"https://comic.example/a.png\"><p>I was nearly hit by a coconut.</p>\n\n<p>For real.</p>",
            "<figure><img src=\"https://img.example/1.jpg?_=1664568527\" width=\"500\" alt=\"\" /></figure>\u00c8 stato arrestato. L&#39;uomo \u00e8 accusato",
            "<article>\n\t<section class=\"page\">\n<p><em><strong>Updated 11/28/17:</strong> The beta is out.</em></p><p>See "
                    + "<a href=\"https://www.macworld.example/article/3235139.html\" rel=\"noopener\">iOS 11.1</a> first.</p></section></article>",
            "Experts warn.   <br /> <i>Medscape News Canada</i>",
            "This is the <a href=\"https://twitter.example/kennethn/status/879\">human side</a> of <a href='http://scripting.example/2017/x.html'>care</a>.",
            "<p>Die wichtigsten Nachrichten &ndash; erg&auml;nzt um Meinungen. Am Wochenende blicken wir zur&uuml;ck.</p>",
            "Tom &amp; Jerry &lt;3 &quot;cheese&quot; &#8212; 3 < 4 & 5 > 2, Q&A",
            "<P>Upper <B>case</B> tags<BR>and <A HREF=\"HTTPS://EXAMPLE.ORG/X\">links</A></P>",
            "<div><p>One</p>Two<span>Three</span></div><blockquote>Four</blockquote>Five",
            "see <a href=https://unquoted.example/a?b=1>unquoted</a> and <a href=\"mailto:x@example.org\">mail</a>",
    };

    /** Markup that only a real parser reads right: the fast path must decline (or, if it answers, agree). */
    private static final String[] PARSER_CASES = {
            "<p>a<p>b", "<li>a<li>b", "<dl><dt>a<dd>b</dl>", "<b>a<i>b</b>c</i>", "<p>a<div>b</div>", "<a href=\"x\">a<a href=\"y\">b</a>",
            "<!-- SC_OFF --><div class=\"md\"><p>x</p></div>", "<script>alert(1)</script>text", "<style>p{}</style>t",
            "<table><tr><td>a</td><td>b</td></tr></table>", "&quality=60&width=630", "&copy 2024", "x &#128; y", "&#0;",
            "<h1>a<h2>b</h2></h1>", "<br/>a</br>b", "<p/>x", "<iframe src='v'/>after", "<span><p>a</p></span>b",
            "a\u0000b", "<a href=\"https://x.example/?a=1&copy=2\">x</a>", "<pre>  a\n b</pre>", "<ul><li>a</ul>",
            "<p>unterminated <a href=\"x", "<x-custom>a</x-custom>b", "</p>", "<>", "</>", "<a\thref='h'\n>t</a>",
    };

    @Test
    void readsTheShapesFeedsSendAsJsoupDoes() {
        for (String html : FEED_SHAPES) {
            SimpleHtml.Parsed parsed = SimpleHtml.parse(html);
            assertThat(parsed).as("fast path declined %s", html).isNotNull();
            assertAgreesWithJsoup(html, parsed);
        }
    }

    @Test
    void declinesOrAgreesOnWhatParsersAreKnownFor() {
        int declined = 0;
        for (String html : PARSER_CASES) {
            SimpleHtml.Parsed parsed = SimpleHtml.parse(html);
            if (parsed == null) {
                declined++;
            } else {
                assertAgreesWithJsoup(html, parsed);
            }
        }
        assertThat(declined).isGreaterThan(PARSER_CASES.length / 2);
    }

    @Test
    void agreesWithJsoupOnGeneratedFragments() {
        Random random = new Random(7);
        int answered = 0;
        int fragments = 100_000;
        for (int i = 0; i < fragments; i++) {
            String html = fragment(random);
            SimpleHtml.Parsed parsed = SimpleHtml.parse(html);
            if (parsed != null) {
                answered++;
                assertAgreesWithJsoup(html, parsed);
            }
        }
        // Generated to be often simple: if the fast path answered rarely, this test would prove little.
        System.out.printf("SimpleHtml answered %,d of %,d generated fragments%n", answered, fragments);
        assertThat(answered).isGreaterThan(fragments / 5);
    }

    @Test
    void plainTextGivesTheSameAnswerEitherWay() {
        for (String html : FEED_SHAPES) {
            Document document = Jsoup.parseBodyFragment(html);
            assertThat(PlainText.fromHtml(html)).isEqualTo(PlainText.collapse(document.text()));
            assertThat(PlainText.fromHtmlWithLinks(html).text()).isEqualTo(PlainText.collapse(document.text()));
        }
        assertThat(PlainText.fromHtmlWithLinks(FEED_SHAPES[12]).links()).containsExactly("HTTPS://EXAMPLE.ORG/X");
        assertThat(PlainText.fromHtmlWithLinks(FEED_SHAPES[14]).links()).containsExactly("https://unquoted.example/a?b=1");
    }

    private static void assertAgreesWithJsoup(String html, SimpleHtml.Parsed parsed) {
        Document document = Jsoup.parseBodyFragment(html);
        assertThat(PlainText.collapse(parsed.text())).as("text of %s", html).isEqualTo(PlainText.collapse(document.text()));
        List<String> hrefs = new ArrayList<>();
        for (Element anchor : document.select("a[href]")) {
            hrefs.add(anchor.attr("href"));
        }
        assertThat(parsed.hrefs()).as("hrefs of %s", html).isEqualTo(hrefs);
    }

    private static final String[] OPEN = {"p", "div", "span", "b", "i", "em", "strong", "a", "ul", "ol", "li", "dl", "dt", "dd",
            "h1", "h2", "blockquote", "section", "figure", "figcaption", "code", "q", "font", "small", "table", "td", "script",
            "pre", "nobr", "ins", "label", "P", "LI", "A"};
    private static final String[] VOID = {"br", "br/", "br /", "img src=\"i.png\"", "img src='x' /", "hr", "wbr", "BR", "input"};
    private static final String[] TEXT = {"word", "two words", " ", "\n  ", "\t", "\u00a0", "\u2009", "\u00ad", "\u200b", "x\u0001y",
            "&amp;", "&lt;", "&gt;", "&quot;", "&#39;", "&#233;", "&#xE9;", "&#x1F600;", "&#128;", "&#0;", "&#173;", "&shy;",
            "&nbsp;", "&copy;", "&copy", "&quality", "&ndash;", "&NotANameAtAll;", "Q&A", "a & b", "&", "&#", "&#x;", "<", " < ",
            "3<4", ">", "\"", "'", "=", "\u00e8", "\uD83D\uDE00", "\u0000", "<!-- c -->", "<!doctype html>", "<?pi?>", "</>"};
    private static final String[] HREFS = {"https://example.org/a", "http://x.example/?a=1&amp;b=2", "https://x.example/?a=1&b=2",
            "https://x.example/?q=&copy=1", "https://x.example/&copy;", " https://padded.example/ ", "/relative", "", "mailto:a@b",
            "https://x.example/&#38;", "https://x.example/&#x26;y", "https://x.example/\u00ad", "https://x.example/&quot;q&quot;"};

    private static String fragment(Random random) {
        StringBuilder html = new StringBuilder();
        List<String> open = new ArrayList<>();
        int parts = 1 + random.nextInt(12);
        for (int i = 0; i < parts; i++) {
            int choice = random.nextInt(10);
            if (choice < 3) {
                String tag = OPEN[random.nextInt(OPEN.length)];
                html.append('<').append(tag).append(attributes(random, tag)).append('>');
                open.add(tag);
            } else if (choice < 5 && !open.isEmpty()) {
                // Mostly the element opened last (well-formed); sometimes another one (misnested).
                int index = random.nextInt(5) == 0 ? random.nextInt(open.size()) : open.size() - 1;
                String tag = open.remove(index);
                html.append("</").append(random.nextInt(8) == 0 ? tag.toUpperCase() : tag)
                        .append(random.nextInt(10) == 0 ? " " : "").append('>');
            } else if (choice < 6) {
                html.append('<').append(VOID[random.nextInt(VOID.length)]).append('>');
            } else {
                html.append(TEXT[random.nextInt(TEXT.length)]);
            }
        }
        while (!open.isEmpty() && random.nextBoolean()) {
            html.append("</").append(open.remove(open.size() - 1)).append('>');
        }
        return html.toString();
    }

    private static String attributes(Random random, String tag) {
        StringBuilder attributes = new StringBuilder();
        if (tag.equalsIgnoreCase("a") && random.nextInt(4) > 0) {
            String href = HREFS[random.nextInt(HREFS.length)];
            String name = random.nextInt(6) == 0 ? "HREF" : "href";
            switch (random.nextInt(4)) {
                case 0 -> attributes.append(' ').append(name).append("='").append(href).append('\'');
                case 1 -> attributes.append(' ').append(name).append('=').append(href.isEmpty() || href.contains(" ") ? "x" : href);
                default -> attributes.append(' ').append(name).append("=\"").append(href).append('"');
            }
            if (random.nextInt(10) == 0) {
                attributes.append(" href=\"https://second.example/\"");
            }
        }
        if (random.nextInt(3) == 0) {
            attributes.append(random.nextBoolean() ? " class=\"c\"" : " title='a > b' data-x=1");
        }
        if (random.nextInt(20) == 0) {
            attributes.append(" 1bad=\"x\"");
        }
        return attributes.toString();
    }
}
