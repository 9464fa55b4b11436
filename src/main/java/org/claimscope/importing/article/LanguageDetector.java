package org.claimscope.importing.article;

import com.optimaize.langdetect.DetectedLanguage;
import com.optimaize.langdetect.LanguageDetectorBuilder;
import com.optimaize.langdetect.i18n.LdLocale;
import com.optimaize.langdetect.ngram.NgramExtractors;
import com.optimaize.langdetect.profiles.LanguageProfileReader;
import com.optimaize.langdetect.text.CommonTextObjectFactories;
import com.optimaize.langdetect.text.RemoveMinorityScriptsTextFilter;
import com.optimaize.langdetect.text.TextFilter;
import com.optimaize.langdetect.text.TextObjectFactory;
import com.optimaize.langdetect.text.TextObjectFactoryBuilder;
import com.optimaize.langdetect.text.UrlTextFilter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;

/**
 * The language a text is written in, as an ISO 639-1 code, when that is clear.
 *
 * <p>Chinese, Japanese and Korean are told apart by their scripts: text written mostly in Han characters is
 * Japanese when it holds kana, Chinese otherwise; text mostly in Hangul is Korean. Everything else goes to the
 * optimaize language detector (n-gram profiles from Wikipedia), loaded with the {@link #LANGUAGES 34 languages}
 * of Europe and the Middle East that news imports are most likely to be written in. Its answer counts only when
 * its probability is at least {@value #MIN_PROBABILITY}; a text too short or too mixed to tell, or in a language
 * outside the list (in a script none of them uses), gives no answer.
 *
 * <p>The profiles are read on the first call, not before, so an idle server pays nothing: from then on about 25 MiB
 * of heap (measured after garbage collection, classes included; all 71 of optimaize's profiles would take about
 * 77 MiB), and the first call takes one to two seconds. Detection then takes a fraction of a millisecond for a
 * sentence and reads at most the first {@value #MAX_CHARS} characters of a long text. Thread-safe.
 */
public final class LanguageDetector {
    /** The languages the n-gram detector knows, besides zh, ja and ko, which are told by script. */
    static final List<String> LANGUAGES = List.of("en", "de", "fr", "es", "it", "pt", "nl", "pl", "cs", "sk", "sl",
            "hr", "sr", "ro", "hu", "fi", "sv", "da", "no", "et", "lv", "lt", "ca", "tr", "el", "ru", "uk", "bg",
            "ar", "fa", "ur", "he", "id", "vi");
    /** The probability below which the n-gram detector's best guess is not an answer. */
    static final double MIN_PROBABILITY = 0.95;
    static final int MAX_CHARS = 10_000;
    /** No code point below this one (U+1100, the first Hangul jamo) is Han, kana or Hangul. */
    private static final int FIRST_CJK_OR_HANGUL = 0x1100;
    /** Texts shorter than this are scored with optimaize's settings for short text. */
    private static final int SHORT_TEXT = 200;

    /** The text length at which {@link CommonTextObjectFactories#forDetectingOnLargeText()} stops. */
    static final int LARGE_TEXT_MAX_LENGTH = 10_000;
    /** The filters of {@link CommonTextObjectFactories#forDetectingOnLargeText()}, in order. */
    static final List<TextFilter> LARGE_TEXT_FILTERS = List.of(UrlTextFilter.getInstance(),
            RemoveMinorityScriptsTextFilter.forThreshold(0.3));
    private static final TextFilter URLS = LARGE_TEXT_FILTERS.get(0);
    private static final TextFilter MINORITY_SCRIPTS = LARGE_TEXT_FILTERS.get(1);

    private LanguageDetector() {
    }

    /**
     * False when optimaize's {@link UrlTextFilter} leaves the text as it is: its patterns replace web addresses
     * ({@code http://}, {@code https://}) and e-mail addresses, so a text without "://" and without '@' holds none.
     */
    static boolean mayHoldLinks(CharSequence text) {
        String s = text.toString();
        return s.indexOf('@') >= 0 || s.contains("://");
    }

    /**
     * True when optimaize's {@link RemoveMinorityScriptsTextFilter} leaves the text as it is because it finds at
     * most one script in it: every character is ASCII, Latin-1, Latin Extended-A or -B (U+0000 to U+024F: Latin
     * letters, the rest common), a combining diacritical mark (U+0300 to U+036F, counted as the script before it) or
     * general punctuation (U+2000 to U+206F: common or unassigned).
     */
    static boolean isLatinOnly(CharSequence text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c > 0x24F && !(c >= 0x300 && c <= 0x36F) && !(c >= 0x2000 && c <= 0x206F)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The ISO 639-1 code of the text's language ({@code en}, {@code de}, {@code zh}), or empty when the text is
     * blank, has fewer than three letters, or its language is not clear.
     */
    public static Optional<String> detect(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        String sample = text.length() > MAX_CHARS ? text.substring(0, MAX_CHARS) : text;
        int letters = 0;
        int han = 0;
        int kana = 0;
        int hangul = 0;
        for (int i = 0; i < sample.length(); ) {
            int cp = sample.codePointAt(i);
            i += Character.charCount(cp);
            if (!Character.isLetter(cp)) {
                continue;
            }
            letters++;
            if (cp < FIRST_CJK_OR_HANGUL) {
                continue;
            }
            Character.UnicodeScript script = Character.UnicodeScript.of(cp);
            if (script == Character.UnicodeScript.HAN) {
                han++;
            } else if (script == Character.UnicodeScript.HIRAGANA || script == Character.UnicodeScript.KATAKANA) {
                kana++;
            } else if (script == Character.UnicodeScript.HANGUL) {
                hangul++;
            }
        }
        if (letters < 3) {
            return Optional.empty();
        }
        if (2 * hangul > letters) {
            return Optional.of("ko");
        }
        if (2 * (han + kana) > letters) {
            // Japanese is never written without kana; Chinese never uses them
            return Optional.of(kana * 20 >= han + kana ? "ja" : "zh");
        }
        TextObjectFactory factory = sample.length() < SHORT_TEXT ? Profiles.SHORT_TEXT : Profiles.LONG_TEXT;
        List<DetectedLanguage> probabilities = Profiles.DETECTOR.getProbabilities(factory.forText(sample));
        if (probabilities.isEmpty() || probabilities.get(0).getProbability() < MIN_PROBABILITY) {
            return Optional.empty();
        }
        return Optional.of(probabilities.get(0).getLocale().getLanguage());
    }

    /**
     * Loaded on first use, by the JVM's class initialisation (once, thread-safe). optimaize's detector is immutable
     * and thread-safe; a text object factory makes a new text object for every text, through stateless filters.
     */
    private static final class Profiles {
        static final com.optimaize.langdetect.LanguageDetector DETECTOR;
        static final TextObjectFactory SHORT_TEXT = CommonTextObjectFactories.forDetectingShortCleanText();
        /**
         * {@link CommonTextObjectFactories#forDetectingOnLargeText()}, with each of its filters skipped where it
         * cannot change the text (see {@link #LARGE_TEXT_FILTERS}).
         */
        static final TextObjectFactory LONG_TEXT = new TextObjectFactoryBuilder()
                .maxTextLength(LARGE_TEXT_MAX_LENGTH)
                .withTextFilter(text -> mayHoldLinks(text) ? URLS.filter(text) : text.toString())
                .withTextFilter(text -> isLatinOnly(text) ? text.toString() : MINORITY_SCRIPTS.filter(text))
                .build();

        static {
            try {
                DETECTOR = LanguageDetectorBuilder.create(NgramExtractors.standard())
                        .seed(20251114L) // optimaize samples n-grams at random; a fixed seed gives repeatable answers
                        .withProfiles(new LanguageProfileReader().readBuiltIn(
                                LANGUAGES.stream().map(LdLocale::fromString).toList()))
                        .build();
            } catch (IOException e) {
                throw new UncheckedIOException("the language profiles shipped with optimaize could not be read", e);
            }
        }
    }
}
