package org.claimscope.export.format;

import static org.assertj.core.api.Assertions.assertThat;

import de.tudarmstadt.ukp.dkpro.core.api.metadata.type.DocumentMetaData;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.uima.cas.Type;
import org.apache.uima.cas.text.AnnotationFS;
import org.apache.uima.collection.CollectionReaderDescription;
import org.apache.uima.fit.factory.CollectionReaderFactory;
import org.apache.uima.fit.pipeline.SimplePipeline;
import org.apache.uima.fit.util.CasUtil;
import org.apache.uima.jcas.JCas;
import org.claimscope.export.model.ExportAnnotation;
import org.claimscope.export.model.ExportDocument;
import org.claimscope.export.model.ExportLayer;
import org.dkpro.core.io.xmi.XmiReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The UIMA XMI folder of a bundle opened by DKPro Core's own {@link XmiReader} in a uimaFIT pipeline, as a DKPro
 * user would open it: the reader's type system merged with the bundle's {@code TypeSystem.xml}. Every document comes
 * with DKPro's {@link DocumentMetaData} (its id the file name the bundle gives it, its title as exported), and every
 * claim of every layer with its category, layer and quote, which is exactly the text it covers, across a flag emoji,
 * decomposed accents and Arabic.
 */
class DkproXmiReaderTest {
    @TempDir
    Path folder;

    @Test
    void dkproCoresXmiReaderOpensEveryDocumentAndClaim() throws Exception {
        List<ExportDocument> corpus = BratConllFixtures.corpus();
        CsvW3cFixtures.export(new UimaXmiFormat(), corpus).writeTo(folder);
        Path xmi = folder.resolve("uima-xmi");

        CollectionReaderDescription reader = CollectionReaderFactory.createReaderDescription(XmiReader.class,
                XmiReader.PARAM_SOURCE_LOCATION, xmi.toString(),
                XmiReader.PARAM_PATTERNS, "*.xmi",
                XmiReader.PARAM_TYPE_SYSTEM_FILE, xmi.resolve("TypeSystem.xml").toString(),
                XmiReader.PARAM_MERGE_TYPE_SYSTEM, true);

        Map<String, List<String>> read = new TreeMap<>();
        Map<String, String> titles = new TreeMap<>();
        for (JCas jcas : SimplePipeline.iteratePipeline(reader)) {
            DocumentMetaData meta = DocumentMetaData.get(jcas);
            titles.put(meta.getDocumentId(), meta.getDocumentTitle());
            Type claim = jcas.getTypeSystem().getType("webanno.custom.Claim");
            assertThat(claim).as("the bundle's claim type").isNotNull();
            List<String> claims = new ArrayList<>();
            for (AnnotationFS a : CasUtil.select(jcas.getCas(), claim)) {
                String quote = a.getFeatureValueAsString(claim.getFeatureByBaseName("quote"));
                assertThat(a.getCoveredText()).as("covered text of claim " + a).isEqualTo(quote);
                claims.add(a.getFeatureValueAsString(claim.getFeatureByBaseName("layer")) + " "
                        + a.getFeatureValueAsString(claim.getFeatureByBaseName("category")) + " " + quote);
            }
            claims.sort(null);
            read.put(meta.getDocumentId(), claims);
        }

        Map<String, List<String>> exported = new TreeMap<>();
        Map<String, String> exportedTitles = new TreeMap<>();
        for (ExportDocument d : corpus) {
            List<String> claims = new ArrayList<>();
            for (ExportLayer layer : d.layers()) {
                for (ExportAnnotation a : layer.annotations()) {
                    claims.add(layer.name() + " " + a.category() + " " + a.quote());
                }
            }
            claims.sort(null);
            exported.put(d.safeName(), claims);
            exportedTitles.put(d.safeName(), d.title());
        }
        assertThat(read).isEqualTo(exported);
        assertThat(titles).isEqualTo(exportedTitles);
        assertThat(read.values().stream().mapToInt(List::size).sum()).isEqualTo(12);
    }
}
