package org.claimscope.security;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.identitystore.Pbkdf2PasswordHash;
import java.util.Map;
import org.claimscope.common.InvalidInputException;

/** Password hashes with Jakarta Security's PBKDF2 (HMAC-SHA-512, 210,000 iterations, 32-byte salt). */
@ApplicationScoped
public class PasswordHasher {
    public static final int MIN_LENGTH = 8;
    public static final int MAX_LENGTH = 200;

    @Inject
    Pbkdf2PasswordHash pbkdf2;

    @PostConstruct
    void configure() {
        pbkdf2.initialize(Map.of(
                "Pbkdf2PasswordHash.Algorithm", "PBKDF2WithHmacSHA512",
                "Pbkdf2PasswordHash.Iterations", "210000",
                "Pbkdf2PasswordHash.SaltSizeBytes", "32",
                "Pbkdf2PasswordHash.KeySizeBytes", "32"));
    }

    public String hash(String password) {
        if (password == null || password.length() < MIN_LENGTH) {
            throw new InvalidInputException("password", "password needs at least " + MIN_LENGTH + " characters");
        }
        if (password.length() > MAX_LENGTH) {
            throw new InvalidInputException("password", "password has more than " + MAX_LENGTH + " characters");
        }
        return pbkdf2.generate(password.toCharArray());
    }

    public boolean verify(String password, String hash) {
        return password != null && password.length() <= MAX_LENGTH && pbkdf2.verify(password.toCharArray(), hash);
    }
}
