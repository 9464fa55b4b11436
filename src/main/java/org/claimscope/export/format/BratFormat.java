package org.claimscope.export.format;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.claimscope.codebook.CodebookDefinition;
import org.claimscope.codebook.CodebookDefinition.Attribute;
import org.claimscope.codebook.CodebookDefinition.AttributeType;
import org.claimscope.codebook.CodebookDefinition.Category;
import org.claimscope.codebook.CodebookDefinition.Subtype;
import org.claimscope.codebook.CodebookDefinition.Value;
import org.claimscope.export.model.BundleSink;
import org.claimscope.export.model.ExportAnnotation;
import org.claimscope.export.model.ExportContext;
import org.claimscope.export.model.ExportDocument;
import org.claimscope.export.model.ExportLayer;
import org.claimscope.export.model.FormatWriter;

/**
 * The brat standoff export (<a href="https://brat.nlplab.org/standoff.html">brat.nlplab.org/standoff.html</a>): one
 * folder per layer, {@code brat/<layer>/<safeName>.txt} with the document text exactly and {@code .ann} beside it,
 * and {@code annotation.conf} / {@code visual.conf} generated from the codebook.
 *
 * <p>Offsets: brat reads the {@code .txt} as UTF-8 into a Python string and its offsets index that string, i.e. they
 * count Unicode code points, exactly as Claimscope's do, so offsets are written unchanged. (A "narrow" Python 2
 * build, which brat 1.3 may run on, counts UTF-16 units instead; {@link #describe()} warns of it.)
 *
 * <p>What goes where:
 * <ul>
 * <li>each annotation is a text-bound line {@code Tn\tCATEGORY start end\tquote}; a span that crosses a line break is
 * written as fragments {@code s1 e1;s2 e2} cut at the line breaks (the .ann is line-oriented) and its quote column is
 * the fragments joined by one space, as brat writes them;</li>
 * <li>each subtype is a binary attribute {@code An\tSUBTYPE Tn};</li>
 * <li>each ONE_OF or BOOLEAN attribute is a multi-valued attribute {@code An\tkey Tn value};</li>
 * <li>each TEXT attribute (speaker, note), and any attribute the codebook does not know, is an annotator note
 * {@code #n\tAnnotatorNotes Tn\tkey: value}, one per attribute, with backslash, tab and line breaks escaped as
 * {@code \\}, {@code \t}, {@code \n} (other line breaks as a backslash, u and four hex digits).</li>
 * </ul>
 * Type names are the codebook keys with every character other than letters, digits, '_' and '-' replaced by '_'
 * (brat's own storage form), made unique across entities and attributes; the same name is used in the .conf and
 * .ann files.
 *
 * <p>The conf files are written at {@link #finish()}, when every type the documents used is known (an annotation
 * whose category, subtype or value the codebook lacks is still declared), into {@code brat/} and into each layer
 * folder: brat takes the conf from the collection's directory or, failing that, the nearest parent up to its data
 * directory, so the copies make each layer folder usable on its own.
 */
public final class BratFormat implements FormatWriter {
    public static final String KEY = "brat";

    /** What Python's str.splitlines (and so brat's line reading of the .ann) treats as line breaks. */
    static boolean isLineBreak(int cp) {
        return cp == '\n' || cp == '\r' || cp == 0x0B || cp == 0x0C || cp == 0x1C || cp == 0x1D || cp == 0x1E
                || cp == 0x85 || cp == 0x2028 || cp == 0x2029;
    }

    /** brat's storage form of a type name: letters, digits, '_' and '-' (ASCII), never empty. */
    static String typeName(String key) {
        String name = key == null ? "" : key.replaceAll("[^A-Za-z0-9_-]", "_");
        return name.isEmpty() ? "_" : name;
    }

    private BundleSink sink;
    private CodebookDefinition codebook;
    /** brat names already taken, over entities, attributes and their labels. */
    private final Set<String> taken = new HashSet<>();
    private final Map<String, String> entityNames = new LinkedHashMap<>();
    private final Map<String, String> subtypeNames = new LinkedHashMap<>();
    private final Map<String, String> attributeNames = new LinkedHashMap<>();
    /** attribute key to its brat values (value key to brat value), for ONE_OF and BOOLEAN attributes. */
    private final Map<String, Map<String, String>> attributeValues = new LinkedHashMap<>();
    /** layer name to its folder under brat/. */
    private final Map<String, String> layerFolders = new LinkedHashMap<>();
    private final Set<String> folderNames = new HashSet<>();

    @Override
    public String key() {
        return KEY;
    }

    @Override
    public void start(ExportContext context, BundleSink sink) {
        this.sink = Objects.requireNonNull(sink);
        this.codebook = context.codebook();
        for (Category c : codebook.categories()) {
            entityName(c.key());
        }
        for (Subtype s : codebook.subtypes()) {
            subtypeName(s.key());
        }
        for (Attribute a : codebook.attributes()) {
            if (a.type() != AttributeType.TEXT) {
                attributeName(a.key());
                Map<String, String> values = values(a.key());
                if (a.type() == AttributeType.BOOLEAN) {
                    values.putIfAbsent("true", "true");
                    values.putIfAbsent("false", "false");
                } else {
                    for (Value v : a.values()) {
                        valueName(values, v.key());
                    }
                }
            }
        }
    }

    @Override
    public void document(ExportDocument document) throws IOException {
        int[] text = document.text().codePoints().toArray();
        for (ExportLayer layer : document.layers()) {
            String base = folder() + layerFolder(layer.name()) + "/" + document.safeName();
            try (Writer w = open(base + ".txt")) {
                w.write(document.text());
            }
            try (Writer w = open(base + ".ann")) {
                writeAnn(w, document, layer, text);
            }
        }
    }

    private void writeAnn(Writer w, ExportDocument document, ExportLayer layer, int[] text) throws IOException {
        int t = 0;
        int a = 0;
        int n = 0;
        for (ExportAnnotation ann : layer.annotations()) {
            if (ann.start() < 0 || ann.end() > text.length || ann.start() > ann.end()) {
                throw new IllegalArgumentException("Annotation " + ann.id() + " of document " + document.id()
                        + " lies outside the text (" + ann.start() + "-" + ann.end() + " of " + text.length + ")");
            }
            List<int[]> fragments = fragments(text, ann.start(), ann.end());
            if (fragments.isEmpty()) {
                continue; // empty, or nothing but line breaks: brat cannot show it
            }
            String tid = "T" + (++t);
            StringBuilder spans = new StringBuilder();
            StringBuilder quote = new StringBuilder();
            for (int[] f : fragments) {
                if (!spans.isEmpty()) {
                    spans.append(';');
                    quote.append(' ');
                }
                spans.append(f[0]).append(' ').append(f[1]);
                quote.append(new String(text, f[0], f[1] - f[0]));
            }
            w.write(tid + "\t" + entityName(ann.category()) + " " + spans + "\t" + quote + "\n");
            for (String subtype : ann.subtypes()) {
                w.write("A" + (++a) + "\t" + subtypeName(subtype) + " " + tid + "\n");
            }
            for (Map.Entry<String, String> e : ann.attributes().entrySet()) {
                String key = e.getKey();
                String value = e.getValue();
                if (value == null || value.isEmpty()) {
                    continue;
                }
                AttributeType type = codebook.attribute(key).map(Attribute::type).orElse(AttributeType.TEXT);
                if (type == AttributeType.TEXT) {
                    w.write("#" + (++n) + "\tAnnotatorNotes " + tid + "\t" + key + ": " + escapeNote(value) + "\n");
                } else {
                    String name = attributeName(key);
                    w.write("A" + (++a) + "\t" + name + " " + tid + " " + valueName(values(key), value) + "\n");
                }
            }
        }
    }

    /** The parts of [start, end) between line breaks, as code point offsets. */
    static List<int[]> fragments(int[] text, int start, int end) {
        List<int[]> out = new ArrayList<>();
        int from = start;
        for (int i = start; i <= end; i++) {
            if (i == end || isLineBreak(text[i])) {
                if (i > from) {
                    out.add(new int[] {from, i});
                }
                from = i + 1;
            }
        }
        return out;
    }

    static String escapeNote(String value) {
        StringBuilder b = new StringBuilder();
        value.codePoints().forEach(cp -> {
            if (cp == '\\') {
                b.append("\\\\");
            } else if (cp == '\t') {
                b.append("\\t");
            } else if (cp == '\n') {
                b.append("\\n");
            } else if (isLineBreak(cp)) {
                b.append(String.format("\\u%04x", cp));
            } else {
                b.appendCodePoint(cp);
            }
        });
        return b.toString();
    }

    @Override
    public void finish() throws IOException {
        String annotationConf = annotationConf();
        String visualConf = visualConf();
        List<String> dirs = new ArrayList<>();
        dirs.add(folder());
        for (String f : layerFolders.values()) {
            dirs.add(folder() + f + "/");
        }
        for (String dir : dirs) {
            try (Writer w = open(dir + "annotation.conf")) {
                w.write(annotationConf);
            }
            try (Writer w = open(dir + "visual.conf")) {
                w.write(visualConf);
            }
        }
    }

    String annotationConf() {
        StringBuilder b = new StringBuilder();
        b.append("# brat annotation configuration generated by Claimscope from the codebook \"")
                .append(oneLine(codebook.name())).append("\".\n");
        b.append("# Retired entries are declared too, so that older annotations still show.\n\n");
        b.append("[entities]\n");
        for (Map.Entry<String, String> e : entityNames.entrySet()) {
            codebook.category(e.getKey()).filter(Category::retired)
                    .ifPresent(c -> b.append("# ").append(e.getValue()).append(": retired\n"));
            b.append(e.getValue()).append('\n');
        }
        b.append("\n[relations]\n");
        b.append("# Claimscope has no relations; statements may nest or overlap.\n");
        b.append("<OVERLAP>\tArg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>\n");
        b.append("\n[events]\n");
        b.append("\n[attributes]\n");
        b.append("# Subtypes (legal issues) are binary attributes; the codebook's one-of and yes/no attributes are\n");
        b.append("# multi-valued attributes. Free-text attributes (speaker, note) are AnnotatorNotes in the .ann files.\n");
        for (String name : subtypeNames.values()) {
            b.append(name).append("\tArg:<ENTITY>\n");
        }
        for (Map.Entry<String, String> e : attributeNames.entrySet()) {
            b.append(e.getValue()).append("\tArg:<ENTITY>, Value:")
                    .append(String.join("|", values(e.getKey()).values())).append('\n');
        }
        return b.toString();
    }

    String visualConf() {
        StringBuilder b = new StringBuilder();
        b.append("# brat visual configuration generated by Claimscope from the codebook.\n\n");
        b.append("[labels]\n");
        for (Map.Entry<String, String> e : entityNames.entrySet()) {
            String label = codebook.category(e.getKey())
                    .map(c -> c.label() + (c.retired() ? " (retired)" : "")).orElse(e.getKey());
            b.append(e.getValue()).append(" | ").append(label(label)).append('\n');
        }
        for (Map.Entry<String, String> e : subtypeNames.entrySet()) {
            String label = codebook.subtype(e.getKey())
                    .map(s -> s.label() + (s.retired() ? " (retired)" : "")).orElse(e.getKey());
            b.append(e.getValue()).append(" | ").append(label(label)).append('\n');
        }
        for (Map.Entry<String, String> e : attributeNames.entrySet()) {
            String label = codebook.attribute(e.getKey()).map(Attribute::label).orElse(e.getKey());
            b.append(e.getValue()).append(" | ").append(label(label)).append('\n');
        }
        b.append("\n[drawing]\n");
        b.append("SPAN_DEFAULT\tfgColor:black, bgColor:lightgreen, borderColor:darken\n");
        b.append("ARC_DEFAULT\tcolor:black, arrowHead:triangle-5\n");
        b.append("ATTRIBUTE_DEFAULT\tglyph:*\n");
        for (Map.Entry<String, String> e : entityNames.entrySet()) {
            codebook.category(e.getKey()).map(Category::colour).filter(c -> c != null && c.matches("#[0-9a-fA-F]{6}"))
                    .ifPresent(colour -> b.append(e.getValue()).append("\tbgColor:").append(colour).append('\n'));
        }
        return b.toString();
    }

    /** A label for the [labels] section: no tab, no '|', no line break, no leading space. */
    private static String label(String s) {
        return oneLine(s).replace('|', '/').strip();
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("[\\t\\n\\r\\u000B\\u000C\\u001C-\\u001E\\u0085\\u2028\\u2029]", " ");
    }

    private String entityName(String key) {
        return entityNames.computeIfAbsent(key, this::unique);
    }

    private String subtypeName(String key) {
        return subtypeNames.computeIfAbsent(key, this::unique);
    }

    private String attributeName(String key) {
        return attributeNames.computeIfAbsent(key, this::unique);
    }

    private Map<String, String> values(String attributeKey) {
        attributeName(attributeKey);
        return attributeValues.computeIfAbsent(attributeKey, k -> new LinkedHashMap<>());
    }

    /** The brat value for a value key, unique within its attribute. */
    private static String valueName(Map<String, String> values, String key) {
        return values.computeIfAbsent(key, k -> {
            Set<String> used = new LinkedHashSet<>(values.values());
            String base = typeName(k);
            String name = base;
            for (int i = 2; used.contains(name); i++) {
                name = base + "_" + i;
            }
            return name;
        });
    }

    private String unique(String key) {
        String base = typeName(key);
        String name = base;
        for (int i = 2; !taken.add(name); i++) {
            name = base + "_" + i;
        }
        return name;
    }

    private String layerFolder(String layer) {
        return layerFolders.computeIfAbsent(layer, l -> {
            String base = l == null ? "" : l.replaceAll("[^A-Za-z0-9._-]", "_").replaceAll("^\\.+", "_");
            if (base.isEmpty()) {
                base = "_";
            }
            String name = base;
            for (int i = 2; !folderNames.add(name); i++) {
                name = base + "_" + i;
            }
            return name;
        });
    }

    private Writer open(String path) throws IOException {
        return new BufferedWriter(new OutputStreamWriter(sink.open(path), StandardCharsets.UTF_8));
    }

    @Override
    public String describe() {
        return """
                brat/ holds the corpus in brat's standoff format (https://brat.nlplab.org/standoff.html), one folder \
                per layer: curated/ for the adjudicated layer and one folder per annotator (A1, A2, ...). Each \
                document is <id>_<name>.txt, the text exactly as annotated (UTF-8), and <id>_<name>.ann beside it. \
                Offsets count Unicode code points, as Claimscope's do and as brat's do (brat indexes the text as a \
                Python string), so text[start:end] in Python 3 is the annotated span. (brat 1.3 runs on Python 2: \
                on a "narrow" Python 2 build, which counts an emoji as two characters, spans after an emoji would \
                show shifted; the usual Linux builds and Python 3 count code points.) A statement is a text-bound \
                line "T1<TAB>CATEGORY start end<TAB>quote"; a statement that runs over a line break is written as \
                fragments "s1 e1;s2 e2" cut at the line breaks, its quote being the fragments joined by one space; \
                a statement made of nothing but line breaks cannot be shown in brat and is left out (it is in the \
                other formats). \
                Subtypes (legal issues) are binary attributes ("A1<TAB>SUBTYPE T1"); one-of and yes/no attributes \
                are valued attributes ("A2<TAB>stance T1 QUESTIONS"); free-text attributes such as speaker and note \
                are annotator notes ("#1<TAB>AnnotatorNotes T1<TAB>speaker: ..."), with backslash, tab and newline \
                escaped as \\\\, \\t and \\n (other line breaks as \\uXXXX). Type names are the codebook keys with characters other than letters, \
                digits, '_' and '-' replaced by '_'. annotation.conf and visual.conf (categories, retired ones \
                included, with the codebook's labels and colours) are in brat/ and again in each layer folder, \
                because brat reads them from a collection's folder or its nearest parent. To browse: copy the brat \
                folder (or one layer folder) into brat's data directory and open it in brat.

                Python (newline="" keeps a text's line breaks as they are, so that offsets stay right):

                ```python
                import glob
                spans = []
                for ann in sorted(glob.glob("brat/*/*.ann")):
                    text = open(ann[:-4] + ".txt", encoding="utf-8", newline="").read()
                    for line in open(ann, encoding="utf-8", newline="").read().split("\\n"):
                        if line.startswith("T"):
                            tid, kind, quote = line.split("\\t", 2)
                            category, offsets = kind.split(" ", 1)
                            fragments = [tuple(map(int, f.split())) for f in offsets.split(";")]
                            assert " ".join(text[s:e] for s, e in fragments) == quote
                            spans.append((ann, tid, category, fragments, quote))
                ```
                """;
    }
}
