package org.claimscope.export.format;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.claimscope.export.model.BundleSink;
import org.claimscope.export.model.ExportAnnotation;
import org.claimscope.export.model.ExportContext;
import org.claimscope.export.model.ExportDocument;
import org.claimscope.export.model.ExportLayer;
import org.claimscope.export.model.FormatWriter;

/**
 * A CoNLL-style BIO export: one file per document, {@code conll/<safeName>.conll} (per-document files keep memory
 * bounded, keep names meaningful, and let each document list its own layers), UTF-8, tab-separated.
 *
 * <pre>
 * # document = 42
 * # file = 00042_report
 * # layers = curated A1 A2
 * # columns = index token start end curated A1 A2
 *
 * # sentence = 1
 * 1	The	0	3	O	O	O
 * 2	court	4	9	B-LEGAL_ASSERTION	O	O
 * </pre>
 *
 * <p>Tokens and sentences come from {@link BreakIterator} (word and sentence instances for the document's language,
 * {@link Locale#ROOT} when it is unknown); a token is a word-break segment with its whitespace removed, so a token
 * never holds a tab, space or line break, and a flag or other emoji sequence the JDK's rules cut is joined again (see
 * {@link #sentences}). {@code index} counts tokens from 1 within the sentence; {@code start} and
 * {@code end} are the token's Unicode code point offsets in the document text (end exclusive). Then one column per
 * layer with {@code B-CATEGORY}, {@code I-CATEGORY} or {@code O}.
 *
 * <p>Rules, also stated in {@link #describe()}: a token takes an annotation's tag when the annotation covers any part
 * of it. One BIO column cannot hold overlapping annotations, so within a layer the annotations are taken in order of
 * start, then length (longer first), then id; an annotation that would share a token with one already taken is not
 * written in the column but listed on a {@code # overlaps:} line before the sentence it starts in, as
 * {@code layer:id:CATEGORY:start-end} (code points). An annotation that covers no token (only whitespace) is listed
 * there too. An annotation that runs over a sentence boundary continues with I- in the next sentence.
 */
public final class ConllFormat implements FormatWriter {
    public static final String KEY = "conll";

    private BundleSink sink;

    @Override
    public String key() {
        return KEY;
    }

    @Override
    public void start(ExportContext context, BundleSink sink) {
        this.sink = Objects.requireNonNull(sink);
    }

    /** A token: code point offsets and UTF-16 offsets in the text. */
    record Token(int start, int end, int charStart, int charEnd) {
    }

    /**
     * Splits the text into sentences of tokens (never empty sentences). Offsets are code points. Word-break segments
     * are cut at whitespace; then pieces the JDK's word rules split inside one user-perceived character are joined
     * again: a pair of regional indicators (a flag such as 🇺🇸), emoji joined by U+200D, and a piece starting with a
     * combining mark, variation selector, skin tone modifier or tag character.
     */
    static List<List<Token>> sentences(String text, Locale locale) {
        List<int[]> pieces = new ArrayList<>(); // UTF-16 [start, end)
        BreakIterator words = BreakIterator.getWordInstance(locale);
        words.setText(text);
        int from = words.first();
        for (int to = words.next(); to != BreakIterator.DONE; from = to, to = words.next()) {
            int i = from;
            while (i < to) {
                if (isSpace(text.codePointAt(i))) {
                    i += Character.charCount(text.codePointAt(i));
                    continue;
                }
                int pieceStart = i;
                while (i < to && !isSpace(text.codePointAt(i))) {
                    i += Character.charCount(text.codePointAt(i));
                }
                int[] last = pieces.isEmpty() ? null : pieces.get(pieces.size() - 1);
                if (last != null && last[1] == pieceStart && joins(text, last[0], pieceStart)) {
                    last[1] = i;
                } else {
                    pieces.add(new int[] {pieceStart, i});
                }
            }
        }
        List<Integer> sentenceEnds = new ArrayList<>();
        BreakIterator sentences = BreakIterator.getSentenceInstance(locale);
        sentences.setText(text);
        for (int b = sentences.next(); b != BreakIterator.DONE; b = sentences.next()) {
            sentenceEnds.add(b);
        }
        List<List<Token>> out = new ArrayList<>();
        List<Token> current = new ArrayList<>();
        int sentence = 0;
        int cpOffset = 0;
        int charOffset = 0;
        for (int[] piece : pieces) {
            cpOffset += text.codePointCount(charOffset, piece[0]);
            int cpStart = cpOffset;
            cpOffset += text.codePointCount(piece[0], piece[1]);
            charOffset = piece[1];
            while (sentence < sentenceEnds.size() && sentenceEnds.get(sentence) <= piece[0]) {
                sentence++;
                if (!current.isEmpty()) {
                    out.add(current);
                    current = new ArrayList<>();
                }
            }
            current.add(new Token(cpStart, cpOffset, piece[0], piece[1]));
        }
        if (!current.isEmpty()) {
            out.add(current);
        }
        return out;
    }

    /** Whether a piece starting at {@code at} continues the character before it (piece before from {@code from}). */
    private static boolean joins(String text, int from, int at) {
        int before = text.codePointBefore(at);
        int next = text.codePointAt(at);
        if (before == 0x200D || next == 0x200D || (next >= 0xFE00 && next <= 0xFE0F)
                || (next >= 0x1F3FB && next <= 0x1F3FF) || (next >= 0xE0020 && next <= 0xE007F)) {
            return true;
        }
        int type = Character.getType(next);
        if (type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK
                || type == Character.COMBINING_SPACING_MARK) {
            return true;
        }
        if (isRegionalIndicator(before) && isRegionalIndicator(next)) {
            int run = 0; // regional indicators running back from 'at': an odd run ends with an unpaired one
            for (int i = at; i > from && isRegionalIndicator(text.codePointBefore(i));
                 i -= Character.charCount(text.codePointBefore(i))) {
                run++;
            }
            return run % 2 == 1;
        }
        return false;
    }

    private static boolean isRegionalIndicator(int cp) {
        return cp >= 0x1F1E6 && cp <= 0x1F1FF;
    }

    private static boolean isSpace(int cp) {
        return Character.isWhitespace(cp) || Character.isSpaceChar(cp) || BratFormat.isLineBreak(cp);
    }

    static Locale locale(String language) {
        if (language == null || language.isBlank()) {
            return Locale.ROOT;
        }
        Locale l = Locale.forLanguageTag(language.strip().replace('_', '-'));
        return l.getLanguage().isEmpty() || "und".equals(l.getLanguage()) ? Locale.ROOT : l;
    }

    /** What one layer's column says: the tag per token (document order) and the annotations left out. */
    record Column(String[] tags, List<ExportAnnotation> leftOut, int[] leftOutToken) {
    }

    /**
     * Tags the tokens for one layer by the rule in the class comment. {@code leftOutToken} gives, per left-out
     * annotation, the first token it touches, or the first token starting at or after it when it touches none.
     */
    static Column column(List<Token> tokens, List<ExportAnnotation> annotations) {
        String[] tags = new String[tokens.size()];
        Arrays.fill(tags, "O");
        boolean[] taken = new boolean[tokens.size()];
        List<ExportAnnotation> ordered = new ArrayList<>(annotations);
        ordered.sort(Comparator.comparingInt(ExportAnnotation::start)
                .thenComparing(Comparator.comparingInt((ExportAnnotation a) -> a.end() - a.start()).reversed())
                .thenComparingLong(ExportAnnotation::id));
        List<ExportAnnotation> leftOut = new ArrayList<>();
        List<Integer> leftOutToken = new ArrayList<>();
        for (ExportAnnotation a : ordered) {
            int first = firstTokenEndingAfter(tokens, a.start());
            int last = first;
            while (last < tokens.size() && tokens.get(last).start() < a.end()) {
                last++;
            }
            // tokens [first, last) touch the annotation
            boolean free = last > first;
            for (int i = first; i < last && free; i++) {
                free = !taken[i];
            }
            if (!free) {
                leftOut.add(a);
                leftOutToken.add(first);
                continue;
            }
            String category = tagName(a.category());
            for (int i = first; i < last; i++) {
                taken[i] = true;
                tags[i] = (i == first ? "B-" : "I-") + category;
            }
        }
        return new Column(tags, leftOut, leftOutToken.stream().mapToInt(Integer::intValue).toArray());
    }

    /** The first token whose end is after {@code offset} (binary search; tokens are in order). */
    private static int firstTokenEndingAfter(List<Token> tokens, int offset) {
        int lo = 0;
        int hi = tokens.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (tokens.get(mid).end() <= offset) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** A category key fit for a tag: no whitespace. */
    static String tagName(String category) {
        String s = category == null ? "" : category.replaceAll("[\\s\\p{Z}\\u0085]+", "_");
        return s.isEmpty() ? "_" : s;
    }

    /** A layer name fit for the header: no whitespace. */
    static String layerName(String layer) {
        return tagName(layer);
    }

    @Override
    public void document(ExportDocument document) throws IOException {
        String text = document.text();
        int length = text.codePointCount(0, text.length());
        List<List<Token>> sentences = sentences(text, locale(document.language()));
        List<Token> tokens = new ArrayList<>();
        int[] sentenceOf;
        for (List<Token> s : sentences) {
            tokens.addAll(s);
        }
        sentenceOf = new int[tokens.size() + 1];
        int k = 0;
        for (int s = 0; s < sentences.size(); s++) {
            for (int j = 0; j < sentences.get(s).size(); j++) {
                sentenceOf[k++] = s;
            }
        }
        sentenceOf[tokens.size()] = Math.max(0, sentences.size() - 1);
        List<ExportLayer> layers = document.layers();
        List<Column> columns = new ArrayList<>();
        for (ExportLayer layer : layers) {
            for (ExportAnnotation a : layer.annotations()) {
                if (a.start() < 0 || a.end() > length || a.start() > a.end()) {
                    throw new IllegalArgumentException("Annotation " + a.id() + " of document " + document.id()
                            + " lies outside the text (" + a.start() + "-" + a.end() + " of " + length + ")");
                }
            }
            columns.add(column(tokens, layer.annotations()));
        }
        // left-out annotations per sentence, in layer order then column order
        List<List<String>> overlaps = new ArrayList<>();
        for (int s = 0; s < Math.max(1, sentences.size()); s++) {
            overlaps.add(new ArrayList<>());
        }
        for (int l = 0; l < layers.size(); l++) {
            Column c = columns.get(l);
            for (int i = 0; i < c.leftOut().size(); i++) {
                ExportAnnotation a = c.leftOut().get(i);
                overlaps.get(sentenceOf[c.leftOutToken()[i]]).add(layerName(layers.get(l).name()) + ":" + a.id()
                        + ":" + tagName(a.category()) + ":" + a.start() + "-" + a.end());
            }
        }

        try (Writer w = new BufferedWriter(new OutputStreamWriter(
                sink.open(folder() + document.safeName() + ".conll"), StandardCharsets.UTF_8))) {
            StringBuilder names = new StringBuilder();
            for (ExportLayer layer : layers) {
                names.append(names.isEmpty() ? "" : " ").append(layerName(layer.name()));
            }
            w.write("# document = " + document.id() + "\n");
            w.write("# file = " + document.safeName() + "\n");
            w.write("# layers = " + names + "\n");
            w.write("# columns = index token start end" + (names.isEmpty() ? "" : " " + names) + "\n");
            if (sentences.isEmpty() && !overlaps.get(0).isEmpty()) {
                w.write("# overlaps: " + String.join(" ", overlaps.get(0)) + "\n");
            }
            int t = 0;
            for (int s = 0; s < sentences.size(); s++) {
                w.write("\n");
                w.write("# sentence = " + (s + 1) + "\n");
                if (!overlaps.get(s).isEmpty()) {
                    w.write("# overlaps: " + String.join(" ", overlaps.get(s)) + "\n");
                }
                List<Token> sentence = sentences.get(s);
                for (int j = 0; j < sentence.size(); j++, t++) {
                    Token token = sentence.get(j);
                    StringBuilder row = new StringBuilder();
                    row.append(j + 1).append('\t').append(text, token.charStart(), token.charEnd()).append('\t')
                            .append(token.start()).append('\t').append(token.end());
                    for (Column c : columns) {
                        row.append('\t').append(c.tags()[t]);
                    }
                    w.write(row.append('\n').toString());
                }
            }
        }
    }

    @Override
    public void finish() {
        // one file per document; nothing is left open
    }

    @Override
    public String describe() {
        return """
                conll/ holds one file per document, <id>_<name>.conll, UTF-8, tab-separated, in CoNLL style with \
                BIO tags. Lines starting with '#' are comments: "# document = <id>", "# layers = curated A1 ..." \
                (the layers of that document, in column order), "# columns = ...", and before each sentence \
                "# sentence = n". A blank line separates sentences. Each token row holds: the token's number in its \
                sentence (from 1), the token, its start and end offsets in the document text in Unicode code points \
                (end exclusive, so text[start:end] in Python 3 is the token), then one column per layer with \
                B-CATEGORY (first token of a statement), I-CATEGORY (inside) or O. Tokens and sentences come from \
                Java's BreakIterator for the document's language (root rules when it is unknown); tokens never \
                contain whitespace, and flags, joined emoji and combining marks stay in one token. A token takes a statement's tag when the statement covers any part of it. One \
                column cannot hold overlapping statements: within a layer, statements are taken in order of start, \
                then the longer first, then by id, and a statement that would share a token with one already \
                written is left out of the column and listed instead on a "# overlaps:" line before the sentence it \
                starts in, as layer:id:CATEGORY:start-end (code points); statements that cover no token are listed \
                there too. A statement that runs over a sentence boundary continues with I- in the next sentence. \
                The full, overlapping annotations are in the other formats of this bundle.

                Python:

                ```python
                import glob
                rows = {p: [l.rstrip("\\n").split("\\t") for l in open(p, encoding="utf-8")
                            if l.strip() and not l.startswith("#")]
                        for p in sorted(glob.glob("conll/*.conll"))}
                ```

                R:

                ```r
                rows <- lapply(sort(Sys.glob("conll/*.conll")), function(p) {
                  l <- readLines(p, encoding = "UTF-8")
                  read.delim(text = l[l != "" & !startsWith(l, "#")], header = FALSE, quote = "",
                             comment.char = "", na.strings = character(0), colClasses = "character")
                })
                ```
                """;
    }
}
