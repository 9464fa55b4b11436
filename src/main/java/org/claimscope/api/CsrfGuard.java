package org.claimscope.api;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import java.util.Set;

/**
 * A signed-in browser sends its session cookie with any request, even one a hostile page makes it
 * send. Writes that rely on the cookie must therefore carry {@code X-Requested-With}, a header
 * other sites cannot set without the server's consent; Claimscope's own pages send it. Scripts
 * authenticate with the Authorization header and are not affected.
 */
@Provider
public class CsrfGuard implements ContainerRequestFilter {
    static final String HEADER = "X-Requested-With";
    private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS");

    @Override
    public void filter(ContainerRequestContext request) {
        if (SAFE.contains(request.getMethod()) || request.getHeaderString(HttpHeaders.AUTHORIZATION) != null
                || request.getHeaderString(HEADER) != null) {
            return;
        }
        request.abortWith(Problem.of(Response.Status.FORBIDDEN,
                "requests signed in with the session cookie must send the header X-Requested-With"));
    }
}
