package org.claimscope.security;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.SecurityContext;
import java.security.Principal;
import org.claimscope.common.NotSignedInException;

/** The signed-in person of the current request, loaded once per request. */
@RequestScoped
public class CurrentUser {
    @Inject
    SecurityContext securityContext;

    @Inject
    UserService users;

    private User user;

    public User get() {
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
