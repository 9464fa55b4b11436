package org.claimscope.importing.article;

import java.util.ArrayList;
import java.util.List;
import net.dankito.readability4j.Article;
import net.dankito.readability4j.Readability4J;
import org.claimscope.importing.TextNormalizer;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;

/**
 * Readability4J 1.0.8 (a port of Mozilla's Readability.js) as an article extractor: the element Readability
 * returns, cut into lines, after the page's headline (the same headline every candidate gets). With
 * {@code cleanup}, the lines also go through Claimscope's own furniture removal and line filter.
 */
final class ReadabilityCandidate implements ArticleTextExtractor {
    private final boolean cleanup;

    ReadabilityCandidate(boolean cleanup) {
        this.cleanup = cleanup;
    }

    @Override
    public String name() {
        return cleanup ? "readability4j+cleanup" : "readability4j";
    }

    @Override
    public String extract(String html, String baseUri) {
        Article article = new Readability4J(baseUri, html).parse();
        Element content = article.getArticleContent();
        String title = HtmlMetadataReader.read(Jsoup.parse(html, baseUri)).title();
        if (content == null) {
            return Candidates.withHeadline("", title);
        }
        if (cleanup) {
            Boilerplate.prune(content, element -> false);
        }
        List<String> paragraphs = new ArrayList<>();
        for (HtmlBlocks.Block block : HtmlBlocks.of(content)) {
            if (!cleanup || JsoupArticleExtractor.keepLine(block)) {
                paragraphs.add(block.text());
            }
        }
        return Candidates.withHeadline(TextNormalizer.normalize(String.join("\n\n", paragraphs)), title);
    }
}
