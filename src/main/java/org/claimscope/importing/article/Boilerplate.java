package org.claimscope.importing.article;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.jsoup.nodes.Element;

/**
 * What on a news page is not the article: site navigation, cookie and consent banners, share bars, comment sections,
 * "related" and "most read" lists, newsletter and subscription boxes, advertisements, bylines and datelines. Judged
 * by tag, ARIA role, and the words in an element's class and id.
 */
final class Boilerplate {
    /** Removed wherever they are: navigation, page furniture, forms, pictures with their captions. */
    private static final Set<String> TAGS = Set.of("nav", "aside", "footer", "form", "button", "figure",
            "figcaption", "dialog", "menu", "select", "label");
    private static final Set<String> ROLES = Set.of("navigation", "dialog", "alertdialog", "contentinfo",
            "complementary", "search", "banner", "menu", "menubar", "toolbar", "tablist");
    /** Words of a class or id (split at anything but letters and digits) that mark page furniture. */
    private static final Set<String> WORDS = Set.of("cookie", "cookies", "consent", "gdpr", "cmp", "share",
            "sharing", "sharebar", "social", "related", "comment", "comments", "disqus", "newsletter",
            "newsletters", "signup", "promo", "promotion", "advert", "advertisement", "advertising", "ad", "ads",
            "adslot", "dfp", "sponsor", "sponsored", "subscribe", "subscription", "paywall", "popular",
            "trending", "recirculation", "recirc", "outbrain", "taboola", "breadcrumb", "breadcrumbs", "tags",
            "byline", "author", "dateline", "meta", "footer", "toolbar", "widget", "sidebar", "modal", "popup",
            "overlay", "pagination", "pager", "player", "gallery", "caption", "credit", "credits", "copyright",
            "disclaimer", "skip", "ticker");
    /** Class or id phrases (words joined by - or _) that mark lists of other stories. */
    private static final Pattern PHRASES = Pattern.compile(
            "most[-_]?(read|viewed|popular|shared|commented)|read[-_]?(more|next|also)|more[-_]?(from|stories|in)"
                    + "|further[-_]?reading|see[-_]?also|you[-_]?may[-_]?like|recommended|onward|sign[-_]?up"
                    + "|support[-_]?(cta|box|us)|donat");
    private static final Pattern SPLIT = Pattern.compile("[^a-z0-9]+");

    private Boilerplate() {
    }

    /**
     * Removes page furniture below root, top down. An element for which {@code keep} holds (one that carries
     * most of the page's running text) is never removed, whatever its class says; its children still are.
     */
    static void prune(Element root, Predicate<Element> keep) {
        List<Element> doomed = new ArrayList<>();
        collect(root, keep, doomed);
        doomed.forEach(Element::remove);
    }

    private static void collect(Element root, Predicate<Element> keep, List<Element> doomed) {
        Deque<Element> pending = new ArrayDeque<>(root.children());
        while (!pending.isEmpty()) {
            Element element = pending.pop();
            if (isFurniture(element) && !keep.test(element)) {
                doomed.add(element);
            } else {
                element.children().forEach(pending::push);
            }
        }
    }

    static boolean isFurniture(Element element) {
        String tag = element.normalName();
        if (tag.equals("html") || tag.equals("body") || tag.equals("main") || tag.equals("article")
                || element.attr("itemprop").equalsIgnoreCase("articleBody")) {
            return false;
        }
        if (tag.equals("figure") && element.selectFirst("blockquote, table") != null) {
            return false; // a pull quote or a table set as a figure is text; its caption still goes
        }
        if (TAGS.contains(tag)) {
            return true;
        }
        String role = element.attr("role").toLowerCase(Locale.ROOT).strip();
        if (ROLES.contains(role) || element.hasAttr("aria-modal")) {
            return true;
        }
        String names = (element.className() + " " + element.id()).toLowerCase(Locale.ROOT);
        if (names.isBlank()) {
            return false;
        }
        for (String word : SPLIT.split(names)) {
            if (WORDS.contains(word)) {
                return true;
            }
        }
        return PHRASES.matcher(names).find();
    }

    private static final Pattern BYLINE = Pattern.compile(
            "^(by|von|par|por|di|door|av|af|przez|автор|بقلم|كتب)\\s*[:\\p{L}].*", Pattern.CASE_INSENSITIVE);
    private static final Pattern COPYRIGHT = Pattern.compile(
            "^(©|\\(c\\)|copyright\\b).*|.*\\b(all rights reserved|alle rechte vorbehalten|tous droits réservés"
                    + "|todos los derechos reservados)\\b.*",
            Pattern.CASE_INSENSITIVE);

    /** "By Jane Doe", "Von Katrin Vollmer, Berlin": a short line that names the author. */
    static boolean isByline(String text) {
        return HtmlBlocks.hasAtMostWords(text, 8) && BYLINE.matcher(text.strip()).matches();
    }

    /** The phrases of {@link #COPYRIGHT}'s second alternative, in lower case; each starts with all, tou or tod. */
    private static final List<String> COPYRIGHT_PHRASES = List.of("all rights reserved", "alle rechte vorbehalten",
            "tous droits réservés", "todos los derechos reservados");

    static boolean isCopyright(String text) {
        String line = text.strip();
        return mayBeCopyright(line) && COPYRIGHT.matcher(line).matches();
    }

    /**
     * False when {@link #COPYRIGHT} cannot match: the line neither starts like a copyright notice nor holds one of
     * its phrases in any case. Spares the pattern, whose {@code .*} before the phrases backtracks through every
     * paragraph of a page.
     */
    private static boolean mayBeCopyright(String line) {
        if (line.startsWith("©") || line.regionMatches(true, 0, "(c)", 0, 3)
                || line.regionMatches(true, 0, "copyright", 0, 9)) {
            return true;
        }
        // every phrase starts with all, tou or tod
        for (int i = 0; i + 2 < line.length(); i++) {
            char c = (char) (line.charAt(i) | 0x20);
            char second = (char) (line.charAt(i + 1) | 0x20);
            char third = (char) (line.charAt(i + 2) | 0x20);
            if (c == 'a' && second == 'l' && third == 'l'
                    || c == 't' && second == 'o' && (third == 'u' || third == 'd')) {
                for (String phrase : COPYRIGHT_PHRASES) {
                    if (line.regionMatches(true, i, phrase, 0, phrase.length())) {
                        return true;
                    }
                }
            }
        }
        return false;
    }
}
