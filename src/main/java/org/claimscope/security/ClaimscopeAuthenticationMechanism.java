package org.claimscope.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.authentication.mechanism.http.HttpAuthenticationMechanism;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext;
import jakarta.security.enterprise.credential.Credential;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;

/**
 * How every request proves who sent it. Scripts send {@code Authorization: Bearer <token>} (a
 * personal API token: one indexed look-up) or HTTP Basic (the password hash, deliberately slow);
 * neither creates a session. People sign in on the login page, which authenticates once and
 * registers the result with the HTTP session. Requests without a sign-in get a 401 problem for
 * the API and a redirect to the login page otherwise.
 */
@ApplicationScoped
public class ClaimscopeAuthenticationMechanism implements HttpAuthenticationMechanism {
    public static final String USER_GROUP = "user";
    public static final String ADMIN_GROUP = "admin";
    public static final String LOGIN_PAGE = "/login.xhtml";

    @Inject
    UserService users;

    @Override
    public AuthenticationStatus validateRequest(HttpServletRequest request, HttpServletResponse response,
                                                HttpMessageContext context) {
        String authorization = request.getHeader("Authorization");
        if (authorization != null && !context.isAuthenticationRequest()) {
            Optional<User> user = fromHeader(authorization);
            if (user.isPresent()) {
                request.setAttribute(CurrentUser.REQUEST_ATTRIBUTE, user.get());
                return context.notifyContainerAboutLogin(user.get().getLogin(), groups(user.get()));
            }
            return problem(response, context, "the API token or the login and password are not valid");
        }

        Credential credential = context.getAuthParameters().getCredential();
        if (credential instanceof UsernamePasswordCredential password) {
            Optional<User> user = users.authenticate(password.getCaller(), password.getPasswordAsString());
            if (user.isEmpty()) {
                return AuthenticationStatus.SEND_FAILURE;
            }
            Set<String> groups = groups(user.get());
            context.setRegisterSession(user.get().getLogin(), groups);
            return context.notifyContainerAboutLogin(user.get().getLogin(), groups);
        }

        Principal remembered = request.getUserPrincipal();
        if (remembered != null) {
            Optional<User> user = users.findByLogin(remembered.getName()).filter(User::isEnabled);
            if (user.isPresent()) {
                request.setAttribute(CurrentUser.REQUEST_ATTRIBUTE, user.get());
                return context.notifyContainerAboutLogin(user.get().getLogin(), groups(user.get()));
            }
            HttpSession session = request.getSession(false);
            if (session != null) {
                session.invalidate();
            }
        }

        if (!context.isProtected()) {
            return context.doNothing();
        }
        if (isApi(request)) {
            return problem(response, context, "sign in first: send an API token as 'Authorization: Bearer <token>'");
        }
        String target = request.getRequestURI().substring(request.getContextPath().length());
        if (request.getQueryString() != null) {
            target += "?" + request.getQueryString();
        }
        return context.redirect(request.getContextPath() + LOGIN_PAGE + "?next="
                + URLEncoder.encode(target, StandardCharsets.UTF_8));
    }

    private Optional<User> fromHeader(String authorization) {
        if (authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return users.authenticateToken(authorization.substring(7).strip());
        }
        if (authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            try {
                String decoded = new String(Base64.getDecoder().decode(authorization.substring(6).strip()),
                        StandardCharsets.UTF_8);
                int colon = decoded.indexOf(':');
                if (colon > 0) {
                    return users.authenticate(decoded.substring(0, colon), decoded.substring(colon + 1));
                }
            } catch (IllegalArgumentException notBase64) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    static boolean isApi(HttpServletRequest request) {
        return request.getRequestURI().startsWith(request.getContextPath() + "/api/");
    }

    private static Set<String> groups(User user) {
        return user.isAdmin() ? Set.of(USER_GROUP, ADMIN_GROUP) : Set.of(USER_GROUP);
    }

    private static AuthenticationStatus problem(HttpServletResponse response, HttpMessageContext context,
                                                String detail) {
        try {
            response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
            response.setHeader("WWW-Authenticate", "Bearer realm=\"claimscope\"");
            response.setContentType("application/problem+json");
            response.setCharacterEncoding("UTF-8");
            response.getWriter().write(Json.createObjectBuilder()
                    .add("type", "about:blank")
                    .add("title", "Unauthorized")
                    .add("status", 401)
                    .add("detail", detail)
                    .build().toString());
            response.flushBuffer();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return AuthenticationStatus.SEND_FAILURE;
    }
}
