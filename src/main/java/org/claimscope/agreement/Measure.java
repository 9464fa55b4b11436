package org.claimscope.agreement;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The agreement coefficients Claimscope reports, each computed by DKPro Statistics. */
public enum Measure {
    COHEN_KAPPA("cohen-kappa", "Cohen's kappa"),
    FLEISS_KAPPA("fleiss-kappa", "Fleiss' kappa"),
    KRIPPENDORFF_ALPHA_NOMINAL("krippendorff-alpha-nominal", "Krippendorff's alpha (nominal)"),
    KRIPPENDORFF_ALPHA_UNITIZING("krippendorff-alpha-unitizing", "Krippendorff's alpha (unitizing)");

    private final String key;
    private final String label;

    Measure(String key, String label) {
        this.key = key;
        this.label = label;
    }

    /** The name used in URLs and exports. */
    public String key() {
        return key;
    }

    /** The name a person reads. */
    public String label() {
        return label;
    }

    /** Whether the measure compares labels on units rather than stretches of text. */
    public boolean isCoding() {
        return this != KRIPPENDORFF_ALPHA_UNITIZING;
    }

    /**
     * The measure with this key, ignoring case and surrounding blanks.
     *
     * @throws IllegalArgumentException naming the keys there are, when none matches
     */
    public static Measure fromKey(String key) {
        if (key != null) {
            String wanted = key.strip().toLowerCase(Locale.ROOT);
            for (Measure measure : values()) {
                if (measure.key.equals(wanted)) {
                    return measure;
                }
            }
        }
        throw new IllegalArgumentException("Unknown agreement measure \"" + key + "\"; known: "
                + Arrays.stream(values()).map(Measure::key).collect(Collectors.joining(", ")));
    }
}
