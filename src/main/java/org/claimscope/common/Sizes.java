package org.claimscope.common;

import java.util.Locale;

/** Sizes in messages for people: "20 MB", "1.5 KB", "4 GB" (binary units, one decimal at most). */
public final class Sizes {
    private Sizes() {
    }

    public static String describe(long bytes) {
        long mib = 1024L * 1024;
        if (bytes >= 1024 * mib) {
            return trimZero(String.format(Locale.ROOT, "%.1f", bytes / (1024.0 * mib))) + " GB";
        }
        if (bytes >= mib) {
            return trimZero(String.format(Locale.ROOT, "%.1f", bytes / (double) mib)) + " MB";
        }
        if (bytes >= 1024) {
            return trimZero(String.format(Locale.ROOT, "%.1f", bytes / 1024.0)) + " KB";
        }
        return bytes + (bytes == 1 ? " byte" : " bytes");
    }

    private static String trimZero(String number) {
        return number.endsWith(".0") ? number.substring(0, number.length() - 2) : number;
    }
}
