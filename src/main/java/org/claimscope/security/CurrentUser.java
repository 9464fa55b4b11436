package org.claimscope.security;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.SecurityContext;
import jakarta.servlet.http.HttpServletRequest;
import java.security.Principal;
import org.claimscope.common.NotSignedInException;

/** The signed-in person of the current request, loaded once per request. */
@RequestScoped
public class CurrentUser {
    /** Where the authentication mechanism leaves the user it has just loaded, to spare a second look-up. */
    static final String REQUEST_ATTRIBUTE = CurrentUser.class.getName();

    @Inject
    SecurityContext securityContext;

    @Inject
    HttpServletRequest request;

    @Inject
    UserService users;

    private User user;

    public User get() {
        if (user == null && request.getAttribute(REQUEST_ATTRIBUTE) instanceof User authenticated) {
            user = authenticated;
        }
        if (user == null) {
            Principal principal = securityContext.getCallerPrincipal();
            if (principal == null) {
                throw new NotSignedInException("sign in first");
            }
            user = users.findByLogin(principal.getName()).filter(User::isEnabled)
                    .orElseThrow(() -> new NotSignedInException("this account no longer exists or is disabled"));
        }
        return user;
    }

    public boolean isSignedIn() {
        return securityContext.getCallerPrincipal() != null;
    }
}
