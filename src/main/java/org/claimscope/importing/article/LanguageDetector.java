package org.claimscope.importing.article;

import com.optimaize.langdetect.DetectedLanguage;
import com.optimaize.langdetect.LanguageDetectorBuilder;
import com.optimaize.langdetect.i18n.LdLocale;
import com.optimaize.langdetect.ngram.NgramExtractors;
import com.optimaize.langdetect.profiles.LanguageProfileReader;
import com.optimaize.langdetect.text.CommonTextObjectFactories;
import com.optimaize.langdetect.text.TextObjectFactory;
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
    /** Texts shorter than this are scored with optimaize's settings for short text. */
    private static final int SHORT_TEXT = 200;

    private LanguageDetector() {
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

    /** Loaded on first use, by the JVM's class initialisation (once, thread-safe). */
    private static final class Profiles {
        static final com.optimaize.langdetect.LanguageDetector DETECTOR;
        static final TextObjectFactory SHORT_TEXT = CommonTextObjectFactories.forDetectingShortCleanText();
        static final TextObjectFactory LONG_TEXT = CommonTextObjectFactories.forDetectingOnLargeText();

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
