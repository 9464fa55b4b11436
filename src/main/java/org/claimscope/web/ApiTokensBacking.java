package org.claimscope.web;

import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import org.claimscope.security.CurrentUser;
import org.claimscope.security.UserService;

/** api-tokens.xhtml: a person makes a personal API token for their scripts and sees it once. */
@Named
@ViewScoped
public class ApiTokensBacking implements Serializable {
    private static final long serialVersionUID = 1L;

    @Inject
    UserService users;

    @Inject
    CurrentUser currentUser;

    private String label;
    private String token;

    public void create() {
        token = users.createToken(currentUser.get(), label);
        label = null;
    }

    public String getLabel() {
        return label;
    }

    public void setLabel(String label) {
        this.label = label;
    }

    public String getToken() {
        return token;
    }
}
