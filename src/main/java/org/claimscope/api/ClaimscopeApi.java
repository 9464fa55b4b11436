package org.claimscope.api;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;

/** The REST API, under /api/v1. JSON in and out; errors as application/problem+json. */
@ApplicationPath("api")
@OpenAPIDefinition(info = @Info(title = "Claimscope API", version = "1",
        description = "Projects, documents, annotations and exports of Claimscope. Offsets are Unicode code points, "
                + "start inclusive, end exclusive."),
        security = @SecurityRequirement(name = "token"))
@SecurityScheme(securitySchemeName = "token", type = SecuritySchemeType.HTTP, scheme = "bearer",
        description = "A personal API token from POST /api/v1/me/tokens; HTTP Basic works too")
public class ClaimscopeApi extends Application {
}
