package org.claimscope.importing.article;

import de.l3s.boilerpipe.document.TextBlock;
import de.l3s.boilerpipe.extractors.ArticleExtractor;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.parser.ParseContext;
import org.apache.tika.parser.html.JSoupParser;
import org.apache.tika.sax.BodyContentHandler;
import org.apache.tika.sax.boilerpipe.BoilerpipeContentHandler;
import org.claimscope.importing.TextNormalizer;
import org.jsoup.Jsoup;

/**
 * MEASUREMENT ONLY, NOT PRODUCTION CODE. This class imports org.apache.tika, which in production only
 * org.claimscope.importing.TikaExtractor may do; it lives in the test sources, with tika-handler-boilerpipe as a
 * test dependency, so that the article tests can compare Tika's boilerpipe ArticleExtractor with Claimscope's own
 * extractor. Were it ever chosen, it would have to run inside TikaExtractor.
 *
 * <p>The page goes through Tika's JSoupParser into a BoilerpipeContentHandler with boilerpipe's ArticleExtractor;
 * the text blocks boilerpipe marks as content become the paragraphs, after the page's headline (the same headline
 * every candidate gets, from {@link HtmlMetadataReader}).
 */
final class TikaBoilerpipeCandidate implements ArticleTextExtractor {
    @Override
    public String name() {
        return "tika-boilerpipe";
    }

    @Override
    public String extract(String html, String baseUri) {
        try {
            BoilerpipeContentHandler handler = new BoilerpipeContentHandler(new BodyContentHandler(-1),
                    ArticleExtractor.INSTANCE);
            Metadata metadata = new Metadata();
            metadata.set(Metadata.CONTENT_TYPE, "text/html; charset=UTF-8");
            new JSoupParser().parse(new ByteArrayInputStream(html.getBytes(StandardCharsets.UTF_8)), handler,
                    metadata, new ParseContext());
            List<String> paragraphs = new ArrayList<>();
            for (TextBlock block : handler.getTextDocument().getTextBlocks()) {
                if (block.isContent()) {
                    paragraphs.add(block.getText());
                }
            }
            String title = HtmlMetadataReader.read(Jsoup.parse(html, baseUri)).title();
            return Candidates.withHeadline(TextNormalizer.normalize(String.join("\n\n", paragraphs)), title);
        } catch (Exception e) {
            throw new IllegalStateException("Tika could not parse the page", e);
        }
    }
}
