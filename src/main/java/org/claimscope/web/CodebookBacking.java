package org.claimscope.web;

import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.claimscope.codebook.Codebook;
import org.claimscope.codebook.CodebookDefinition;
import org.claimscope.codebook.CodebookDefinition.Attribute;
import org.claimscope.codebook.CodebookDefinition.AttributeType;
import org.claimscope.codebook.CodebookDefinition.Category;
import org.claimscope.codebook.CodebookDefinition.Subtype;
import org.claimscope.codebook.CodebookDefinition.Value;
import org.claimscope.codebook.CodebookService;
import org.claimscope.project.ProjectRole;
import org.claimscope.project.ProjectService;
import org.claimscope.security.CurrentUser;

/**
 * codebook.xhtml: a manager adds, renames, recolours and retires categories, subtypes and
 * attribute values, and saves them as the codebook's next version. Keys of saved entries stay
 * fixed, because annotations and exports refer to them.
 */
@Named
@ViewScoped
public class CodebookBacking implements Serializable {
    private static final long serialVersionUID = 1L;

    @Inject
    CodebookService codebooks;

    @Inject
    ProjectService projects;

    @Inject
    CurrentUser currentUser;

    private Long project;
    private String projectName;
    private long version;
    private String name;
    private List<Row> categories;
    private List<Row> subtypes;
    private List<AttributeRow> attributes;

    public void load() {
        if (project == null) {
            Pages.load(() -> {
                throw new org.claimscope.common.NotFoundException("no project was named");
            });
            return;
        }
        org.claimscope.project.Access access = Pages.load(
                () -> projects.require(currentUser.get(), project, ProjectRole.MANAGER));
        if (access == null) {
            return;
        }
        projectName = access.project().getName();
        fill(codebooks.get(currentUser.get(), project));
    }

    private void fill(Codebook codebook) {
        CodebookDefinition d = codebook.definition();
        version = codebook.getVersion();
        name = d.name();
        categories = new ArrayList<>();
        for (Category c : d.categories()) {
            categories.add(new Row(c.key(), c.label(), c.description(), c.colour(), c.hotkey(), c.retired(), true));
        }
        subtypes = new ArrayList<>();
        for (Subtype s : d.subtypes()) {
            subtypes.add(new Row(s.key(), s.label(), s.description(), null, null, s.retired(), true));
        }
        attributes = new ArrayList<>();
        for (Attribute a : d.attributes()) {
            AttributeRow row = new AttributeRow(a.key(), a.label(), a.type(), a.description());
            for (Value v : a.values()) {
                row.values.add(new Row(v.key(), v.label(), null, null, null, v.retired(), true));
            }
            attributes.add(row);
        }
    }

    public void addCategory() {
        categories.add(new Row("", "", "", "#6b7280", "", false, false));
    }

    public void addSubtype() {
        subtypes.add(new Row("", "", "", null, null, false, false));
    }

    public void addValue(AttributeRow attribute) {
        attribute.values.add(new Row("", "", null, null, null, false, false));
    }

    public void save() {
        CodebookDefinition definition = new CodebookDefinition(name,
                categories.stream().map(r -> new Category(key(r), r.label, r.colour == null ? null
                        : (r.colour.startsWith("#") ? r.colour : "#" + r.colour), blankToNull(r.hotkey),
                        r.description, r.retired)).toList(),
                subtypes.stream().map(r -> new Subtype(key(r), r.label, r.description, r.retired)).toList(),
                attributes.stream().map(a -> new Attribute(a.key, a.label, a.type,
                        a.values.stream().map(v -> new Value(key(v), v.label, v.retired)).toList(), a.description)).toList());
        Codebook[] saved = new Codebook[1];
        if (Pages.attempt(() -> saved[0] = codebooks.update(currentUser.get(), project, version, definition))) {
            fill(saved[0]);
            Pages.info("Codebook saved as version " + version + ".");
        }
    }

    private static String key(Row r) {
        return r.key == null ? null : r.key.strip().toUpperCase(java.util.Locale.ROOT).replace(' ', '_');
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    public AttributeType[] getTypes() {
        return AttributeType.values();
    }

    public Long getProject() {
        return project;
    }

    public void setProject(Long project) {
        this.project = project;
    }

    public String getProjectName() {
        return projectName;
    }

    public long getVersion() {
        return version;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public List<Row> getCategories() {
        return categories;
    }

    public List<Row> getSubtypes() {
        return subtypes;
    }

    public List<AttributeRow> getAttributes() {
        return attributes;
    }

    /** One editable category, subtype or attribute value. */
    public static class Row implements Serializable {
        private static final long serialVersionUID = 1L;
        private String key;
        private String label;
        private String description;
        private String colour;
        private String hotkey;
        private boolean retired;
        private final boolean saved;

        Row(String key, String label, String description, String colour, String hotkey, boolean retired, boolean saved) {
            this.key = key;
            this.label = label;
            this.description = description;
            this.colour = colour;
            this.hotkey = hotkey;
            this.retired = retired;
            this.saved = saved;
        }

        public String getKey() {
            return key;
        }

        public void setKey(String key) {
            if (!saved) {
                this.key = key;
            }
        }

        public String getLabel() {
            return label;
        }

        public void setLabel(String label) {
            this.label = label;
        }

        public String getDescription() {
            return description;
        }

        public void setDescription(String description) {
            this.description = description;
        }

        public String getColour() {
            return colour;
        }

        public void setColour(String colour) {
            this.colour = colour;
        }

        public String getHotkey() {
            return hotkey;
        }

        public void setHotkey(String hotkey) {
            this.hotkey = hotkey;
        }

        public boolean isRetired() {
            return retired;
        }

        public void setRetired(boolean retired) {
            this.retired = retired;
        }

        public boolean isSaved() {
            return saved;
        }
    }

    /** One attribute with its values; its key and type are fixed. */
    public static class AttributeRow implements Serializable {
        private static final long serialVersionUID = 1L;
        private final String key;
        private String label;
        private final AttributeType type;
        private final String description;
        private final List<Row> values = new ArrayList<>();

        AttributeRow(String key, String label, AttributeType type, String description) {
            this.key = key;
            this.label = label;
            this.type = type;
            this.description = description;
        }

        public String getKey() {
            return key;
        }

        public String getLabel() {
            return label;
        }

        public void setLabel(String label) {
            this.label = label;
        }

        public AttributeType getType() {
            return type;
        }

        public String getDescription() {
            return description;
        }

        public List<Row> getValues() {
            return values;
        }
    }
}
