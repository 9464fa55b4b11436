package org.claimscope.web;

import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.claimscope.agreement.AgreementResult;
import org.claimscope.agreement.AgreementService;
import org.claimscope.agreement.DocumentValue;
import org.claimscope.agreement.Measure;
import org.claimscope.agreement.PairValue;
import org.claimscope.agreement.UnitFormation;
import org.claimscope.codebook.CodebookDefinition;
import org.claimscope.codebook.CodebookService;
import org.claimscope.project.Access;
import org.claimscope.project.ProjectService;
import org.claimscope.security.CurrentUser;

/**
 * The agreement page: one measure, overall or for one category, with the pairwise matrix, the
 * per-document table, the confusion matrix and charts. It reads the same service as
 * {@code GET /api/v1/projects/{id}/agreement}, so the page and the API show the same numbers.
 */
@Named
@ViewScoped
public class AgreementBacking implements Serializable {
    private static final long serialVersionUID = 1L;

    @Inject
    ProjectService projects;

    @Inject
    AgreementService agreement;

    @Inject
    CodebookService codebooks;

    @Inject
    CurrentUser currentUser;

    private Long project;
    private String measure = Measure.KRIPPENDORFF_ALPHA_NOMINAL.key();
    private String category;
    private Access access;
    private AgreementResult result;

    public void load() {
        access = Pages.load(() -> {
            if (project == null) {
                throw new org.claimscope.common.NotFoundException("no project was named");
            }
            Access a = projects.access(currentUser.get(), project);
            if (!a.mayReadAllSets()) {
                throw new org.claimscope.common.ForbiddenException("agreement is for curators and managers");
            }
            return a;
        });
        if (access != null) {
            compute();
        }
    }

    public void compute() {
        Pages.attempt(() -> result = agreement.agreement(currentUser.get(), project, measure,
                category == null || category.isBlank() ? null : category));
    }

    public List<Measure> getMeasures() {
        return List.of(Measure.values());
    }

    public List<CodebookDefinition.Category> getCategories() {
        return codebooks.of(project).definition().categories();
    }

    /** How units are formed and what happens to partial statements, one sentence each. */
    public List<String> getExplanations() {
        List<String> sentences = new ArrayList<>(UnitFormation.RULES);
        sentences.addAll(AgreementService.CALCULATOR.explanations(Measure.fromKey(measure),
                category == null || category.isBlank() ? null : category));
        return sentences;
    }

    public String format(Double value) {
        return value == null ? "not defined" : String.format(Locale.ROOT, "%.3f", value);
    }

    /** The pair's value for the matrix cell, or "" on the diagonal and for pairs without shared documents. */
    public PairValue pair(String a, String b) {
        for (PairValue p : result.pairs()) {
            if (p.a().equals(a) && p.b().equals(b) || p.a().equals(b) && p.b().equals(a)) {
                return p;
            }
        }
        return null;
    }

    /** Documents with the lowest agreement first, undefined ones last: where annotators drift apart. */
    public List<DocumentValue> getDocuments() {
        return result.perDocument().stream()
                .sorted(Comparator.comparing(DocumentValue::value, Comparator.nullsLast(Comparator.naturalOrder())))
                .toList();
    }

    /** Chart.js configuration for the per-document bar chart (PrimeFaces p:chart). */
    public String getDocumentChart() {
        JsonArrayBuilder labels = Json.createArrayBuilder();
        JsonArrayBuilder values = Json.createArrayBuilder();
        for (DocumentValue d : getDocuments()) {
            if (d.value() != null) {
                labels.add(d.title().length() > 40 ? d.title().substring(0, 39) + "…" : d.title());
                values.add(Math.round(d.value() * 1000) / 1000.0);
            }
        }
        return chart("bar", labels, values, "per document", "#2563eb");
    }

    /** Chart.js configuration for the pairwise bar chart. */
    public String getPairChart() {
        JsonArrayBuilder labels = Json.createArrayBuilder();
        JsonArrayBuilder values = Json.createArrayBuilder();
        for (PairValue p : result.pairs()) {
            if (p.value() != null) {
                labels.add(p.a() + " × " + p.b());
                values.add(Math.round(p.value() * 1000) / 1000.0);
            }
        }
        return chart("bar", labels, values, "per pair of annotators", "#059669");
    }

    private String chart(String type, JsonArrayBuilder labels, JsonArrayBuilder values, String label, String colour) {
        JsonObjectBuilder dataset = Json.createObjectBuilder().add("label", getMeasureLabel() + " " + label)
                .add("data", values).add("backgroundColor", colour);
        JsonObjectBuilder options = Json.createObjectBuilder()
                .add("animation", false)
                .add("scales", Json.createObjectBuilder().add("y", Json.createObjectBuilder()
                        .add("suggestedMin", -1).add("suggestedMax", 1)));
        return Json.createObjectBuilder().add("type", type)
                .add("data", Json.createObjectBuilder().add("labels", labels)
                        .add("datasets", Json.createArrayBuilder().add(dataset)))
                .add("options", options).build().toString();
    }

    public String join(List<String> names) {
        return String.join(", ", names);
    }

    public String getMeasureLabel() {
        return Measure.fromKey(measure).label();
    }

    /** The query string the CSV links and the API share. */
    public String getQuery() {
        return "measure=" + measure + (category == null || category.isBlank() ? "" : "&category="
                + java.net.URLEncoder.encode(category, java.nio.charset.StandardCharsets.UTF_8));
    }

    public AgreementResult getResult() {
        return result;
    }

    public Access getAccess() {
        return access;
    }

    public Long getProject() {
        return project;
    }

    public void setProject(Long project) {
        this.project = project;
    }

    public String getMeasure() {
        return measure;
    }

    public void setMeasure(String measure) {
        this.measure = measure;
    }

    public String getCategory() {
        return category;
    }

    public void setCategory(String category) {
        this.category = category;
    }
}
