package org.claimscope.web.admin;

import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.util.List;
import org.claimscope.security.CurrentUser;
import org.claimscope.web.Pages;
import org.claimscope.security.User;
import org.claimscope.security.UserService;

/** admin/users.xhtml: administrators see every account and create new ones. */
@Named
@ViewScoped
public class UsersBacking implements Serializable {
    private static final long serialVersionUID = 1L;

    @Inject
    UserService users;

    @Inject
    CurrentUser currentUser;

    private List<User> all;
    private String login;
    private String displayName;
    private String password;

    public List<User> getUsers() {
        if (all == null) {
            all = users.all();
        }
        return all;
    }

    public void create() {
        if (Pages.attempt(() -> users.create(currentUser.get(), login, displayName, password))) {
            Pages.info("Account " + login + " created.");
            login = null;
            displayName = null;
            password = null;
            all = null;
        }
    }

    public String getLogin() {
        return login;
    }

    public void setLogin(String login) {
        this.login = login;
    }

    public String getDisplayName() {
        return displayName;
    }

    public void setDisplayName(String displayName) {
        this.displayName = displayName;
    }

    public String getPassword() {
        return password;
    }

    public void setPassword(String password) {
        this.password = password;
    }
}
