package org.claimscope.project;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

/** Keeps a member's roles as a short comma-separated column, e.g. {@code MANAGER,ANNOTATOR}. */
@Converter
public class RolesConverter implements AttributeConverter<Set<ProjectRole>, String> {
    @Override
    public String convertToDatabaseColumn(Set<ProjectRole> roles) {
        return roles.stream().sorted().map(Enum::name).collect(Collectors.joining(","));
    }

    @Override
    public Set<ProjectRole> convertToEntityAttribute(String column) {
        EnumSet<ProjectRole> roles = EnumSet.noneOf(ProjectRole.class);
        if (column != null && !column.isBlank()) {
            Arrays.stream(column.split(",")).map(String::strip).map(ProjectRole::valueOf).forEach(roles::add);
        }
        return roles;
    }
}
