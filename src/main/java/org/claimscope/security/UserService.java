package org.claimscope.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Optional;
import org.claimscope.common.ConflictException;
import org.claimscope.common.ForbiddenException;
import org.claimscope.common.NotFoundException;

/** Accounts: administrators create them; everyone may make API tokens for themselves. */
@ApplicationScoped
@Transactional
public class UserService {
    @PersistenceContext
    EntityManager em;

    @Inject
    PasswordHasher hasher;

    public UserService() {
    }

    /** For tests outside the container, which do not hash passwords. */
    public UserService(EntityManager em) {
        this.em = em;
    }

    public Optional<User> findByLogin(String login) {
        return em.createQuery("SELECT u FROM User u WHERE u.login = :login", User.class)
                .setParameter("login", login)
                .getResultStream().findFirst();
    }

    /** A user by id, for work done in the background on their behalf. */
    public User find(long id) {
        User user = em.find(User.class, id);
        if (user == null) {
            throw new NotFoundException("there is no user " + id);
        }
        return user;
    }

    public User getByLogin(String login) {
        return findByLogin(login).orElseThrow(() -> new NotFoundException("there is no user " + login));
    }

    public User create(User caller, String login, String displayName, String password) {
        if (!caller.isAdmin()) {
            throw new ForbiddenException("only administrators create accounts");
        }
        return createAccount(login, displayName, password, false);
    }

    /** Creates an account without asking who wants it: for the first administrator at start-up. */
    public User createAccount(String login, String displayName, String password, boolean admin) {
        User.checkLogin(login);
        if (findByLogin(login).isPresent()) {
            throw new ConflictException("login " + login + " is taken");
        }
        User user = new User(login, displayName, hasher.hash(password), admin);
        em.persist(user);
        return user;
    }

    /** The login of a user by id, for audit trails. */
    public String loginOf(long userId) {
        User user = em.find(User.class, userId);
        return user == null ? "unknown" : user.getLogin();
    }

    public boolean anyAdministrator() {
        return !em.createQuery("SELECT u.id FROM User u WHERE u.admin = TRUE", Long.class)
                .setMaxResults(1).getResultList().isEmpty();
    }

    public List<User> all() {
        return em.createQuery("SELECT u FROM User u ORDER BY u.login", User.class).getResultList();
    }

    /** Checks a login and password; for HTTP Basic and the login page. */
    public Optional<User> authenticate(String login, String password) {
        return findByLogin(login).filter(User::isEnabled).filter(u -> hasher.verify(password, u.getPasswordHash()));
    }

    /** Makes a personal API token and returns it; only its hash is kept. */
    public String createToken(User caller, String label) {
        String token = Tokens.newToken();
        em.persist(new ApiToken(em.find(User.class, caller.getId()), Tokens.hash(token),
                label == null || label.isBlank() ? null : label.strip()));
        return token;
    }

    /** The enabled user a token belongs to: one indexed look-up, no slow hash. */
    public Optional<User> authenticateToken(String token) {
        if (token == null || !token.startsWith(Tokens.PREFIX) || token.length() > 200) {
            return Optional.empty();
        }
        return em.createQuery("SELECT t.user FROM ApiToken t WHERE t.tokenHash = :hash AND t.revoked = FALSE",
                        User.class)
                .setParameter("hash", Tokens.hash(token))
                .getResultStream().filter(User::isEnabled).findFirst();
    }
}
