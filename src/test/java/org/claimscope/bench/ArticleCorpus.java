package org.claimscope.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Saved news pages for bulk-import tests and the benchmark: each page is one article set in the layout of a news
 * site (navigation, a cookie notice, a share bar, the article with its JSON-LD metadata, a "related stories" list and
 * a comment section). The article's sentences are words drawn at random from the vocabulary of the sample articles
 * in {@code test-data/seeds/}, a different draw per page, so that, like unrelated articles, no two pages share
 * passages; {@link #wireCopy} makes a page that republishes another one with small edits, as a near duplicate.
 */
public final class ArticleCorpus {
    private static final String[] OUTLETS = {"The Meridian Post", "Harbour Daily", "Andes Wire", "The Civic Ledger",
            "Northern Courier"};
    private static final String[] AUTHORS = {"Lucía Ortega", "James Whitfield", "Amara Okafor", "Pieter de Vries",
            "Sofia Marchetti", "Daniel Cohen"};

    private final List<String> words;

    private ArticleCorpus(List<String> words) {
        this.words = words;
    }

    private String sentence(Random random) {
        int length = 8 + random.nextInt(15);
        StringBuilder sentence = new StringBuilder();
        for (int i = 0; i < length; i++) {
            String word = words.get(random.nextInt(words.size()));
            if (i == 0) {
                sentence.append(Character.toUpperCase(word.charAt(0))).append(word, 1, word.length());
            } else {
                sentence.append(i % 7 == 6 ? ", " : " ").append(word);
            }
        }
        return sentence.append('.').toString();
    }

    public static ArticleCorpus load(Path basedir) {
        Path dir = basedir.resolve("test-data/seeds");
        java.util.Set<String> words = new java.util.TreeSet<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".txt")).sorted().toList()) {
                for (String word : Files.readString(file, StandardCharsets.UTF_8).split("[^\\p{L}]+")) {
                    if (word.length() >= 2) {
                        words.add(word.toLowerCase(java.util.Locale.ROOT));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (words.size() < 300) {
            throw new IllegalStateException("too few words in the sample articles in " + dir);
        }
        return new ArticleCorpus(new ArrayList<>(words));
    }

    public static String outlet(int n) {
        return OUTLETS[n % OUTLETS.length];
    }

    public static String headline(int n) {
        return "Strike coverage, report " + n + ": what officials and experts said";
    }

    /** The article's paragraphs, about {@code bytes} long in all. */
    public List<String> paragraphs(int n, int bytes) {
        Random random = new Random(1_000_003L * n + 17);
        List<String> paragraphs = new ArrayList<>();
        int size = 0;
        while (size < bytes) {
            StringBuilder paragraph = new StringBuilder();
            int count = 2 + random.nextInt(4);
            for (int i = 0; i < count; i++) {
                if (i > 0) {
                    paragraph.append(' ');
                }
                paragraph.append(sentence(random));
            }
            paragraph.append(" (Report ").append(n).append(", paragraph ").append(paragraphs.size() + 1).append(".)");
            paragraphs.add(paragraph.toString());
            size += paragraph.length() + 9;
        }
        return paragraphs;
    }

    /** Page {@code n} (0-based) of about {@code bytes} bytes of article text plus the site's furniture. */
    public String page(int n, int bytes) {
        return page(n, headline(n), paragraphs(n, bytes));
    }

    /**
     * Page {@code n} republishing the article of page {@code original} as another outlet would: a new headline, the
     * last paragraph cut and a sentence of its own added after the first.
     */
    public String wireCopy(int n, int original, int bytes) {
        List<String> paragraphs = new ArrayList<>(paragraphs(original, bytes));
        if (paragraphs.size() > 2) {
            paragraphs.remove(paragraphs.size() - 1);
        }
        paragraphs.add(1, "The agency's correspondent contributed reporting to this republished account, number " + n
                + ".");
        return page(n, "Republished: " + headline(original), paragraphs);
    }

    private String page(int n, String headline, List<String> paragraphs) {
        String outlet = outlet(n);
        String author = AUTHORS[n % AUTHORS.length];
        String date = String.format("2025-%02d-%02dT%02d:15:00Z", 1 + n % 12, 1 + n % 28, n % 24);
        String url = "https://news.example.org/" + outlet.toLowerCase().replaceAll("[^a-z]+", "-") + "/report-" + n;
        StringBuilder html = new StringBuilder(paragraphs.size() * 400 + 6_000);
        // every third page declares no language, as some sites' pages do: it is detected from the text
        html.append("<!DOCTYPE html><html").append(n % 3 == 0 ? "" : " lang=\"en\"").append("><head><meta charset=\"utf-8\"><title>").append(headline)
                .append(" | ").append(outlet).append("</title><link rel=\"canonical\" href=\"").append(url)
                .append("\"><meta property=\"og:site_name\" content=\"").append(outlet).append("\">")
                .append("<script type=\"application/ld+json\">{\"@context\":\"https://schema.org\",\"@type\":\"NewsArticle\","
                        + "\"headline\":\"").append(headline).append("\",\"datePublished\":\"").append(date)
                .append("\",\"author\":{\"@type\":\"Person\",\"name\":\"").append(author)
                .append("\"},\"publisher\":{\"@type\":\"Organization\",\"name\":\"").append(outlet)
                .append("\"}}</script></head><body>")
                .append("<div class=\"cookie-banner\" id=\"cookie-consent\"><p>We use cookies to improve your experience."
                        + " By continuing you accept our cookie policy.</p><button>Accept all</button></div>")
                .append("<header class=\"site-header\"><nav class=\"main-nav\"><ul><li><a href=\"/\">Home</a></li>"
                        + "<li><a href=\"/world\">World</a></li><li><a href=\"/politics\">Politics</a></li>"
                        + "<li><a href=\"/opinion\">Opinion</a></li><li><a href=\"/sport\">Sport</a></li></ul></nav>"
                        + "</header><main><article class=\"story\"><h1>").append(headline).append("</h1>")
                .append("<p class=\"byline\">By <span class=\"author\">").append(author).append("</span></p>")
                .append("<div class=\"share-bar\"><a href=\"#\">Share on Facebook</a> <a href=\"#\">Share on X</a>"
                        + " <a href=\"#\">Email</a></div><div class=\"article-body\">");
        for (String paragraph : paragraphs) {
            html.append("<p>").append(escape(paragraph)).append("</p>\n");
        }
        html.append("</div></article><aside class=\"related\"><h2>Related stories</h2><ul>");
        for (int i = 1; i <= 5; i++) {
            html.append("<li><a href=\"/story/").append(n * 10 + i).append("\">Elsewhere today: story number ")
                    .append(n * 10 + i).append(" on markets and weather</a></li>");
        }
        html.append("</ul></aside><section class=\"comments\" id=\"comments\"><h2>Comments</h2>"
                        + "<div class=\"comment\"><p>Reader ").append(n)
                .append(": I disagree with every word of this piece.</p></div></section></main>"
                        + "<footer class=\"site-footer\"><p>© 2025 ").append(outlet)
                .append(". All rights reserved.</p><a href=\"/privacy\">Privacy</a></footer></body></html>\n");
        return html.toString();
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    /** A ZIP of pages {@code from} to {@code from + count - 1}, named {@code outlet/report-n.html}. */
    public byte[] zip(int from, int count, int bytes) {
        return zip(from, count, bytes, 0);
    }

    /**
     * A ZIP of pages {@code from} to {@code from + count - 1}, named {@code outlet/report-n.html}, where every
     * {@code copyEvery}-th page (none when 0) is a {@linkplain #wireCopy wire copy} of the page ten before it.
     */
    public byte[] zip(int from, int count, int bytes, int copyEvery) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            for (int n = from; n < from + count; n++) {
                zip.putNextEntry(new ZipEntry(fileName(n)));
                boolean copy = copyEvery > 0 && (n - from) % copyEvery == copyEvery - 1 && n - 10 >= from;
                zip.write((copy ? wireCopy(n, n - 10, bytes) : page(n, bytes)).getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    public static String fileName(int n) {
        return outlet(n).toLowerCase().replaceAll("[^a-z]+", "-") + "/report-" + n + ".html";
    }
}
