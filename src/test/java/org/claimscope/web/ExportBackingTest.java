package org.claimscope.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ExportBackingTest {
    @Test
    void sizesAreWrittenForPeople() {
        assertThat(ExportBacking.size(0)).isEqualTo("0 bytes");
        assertThat(ExportBacking.size(1023)).isEqualTo("1023 bytes");
        assertThat(ExportBacking.size(1024)).isEqualTo("1.0 KB");
        assertThat(ExportBacking.size(12_600)).isEqualTo("12.3 KB");
        assertThat(ExportBacking.size(5L * 1024 * 1024)).isEqualTo("5.0 MB");
        assertThat(ExportBacking.size(3L * 1024 * 1024 * 1024)).isEqualTo("3.0 GB");
    }
}
