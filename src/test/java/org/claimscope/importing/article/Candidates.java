package org.claimscope.importing.article;

import java.util.List;

/** The article extractors measured against the expected texts, best first after measuring. */
final class Candidates {
    private Candidates() {
    }

    static List<ArticleTextExtractor> all() {
        return List.of(new JsoupArticleExtractor(), new ReadabilityCandidate(false), new ReadabilityCandidate(true),
                new TikaBoilerpipeCandidate());
    }

    /** The text with the headline as its first paragraph, unless it already starts with it. */
    static String withHeadline(String text, String headline) {
        if (headline == null || HtmlMetadataReader.sameWords(text.lines().findFirst().orElse(""), headline)) {
            return text;
        }
        return text.isEmpty() ? headline : headline + "\n\n" + text;
    }
}
