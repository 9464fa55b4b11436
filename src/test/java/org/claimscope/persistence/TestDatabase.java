package org.claimscope.persistence;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.Persistence;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.claimscope.config.SchemaMigrations;
import org.h2.jdbcx.JdbcDataSource;

/**
 * The databases Claimscope runs on, each with a fresh, migrated schema per test: H2 in memory, and
 * a real PostgreSQL server that the test run starts itself (binaries from Maven Central) on
 * loopback and stops when the JVM ends.
 */
public enum TestDatabase {
    H2 {
        @Override
        Fresh fresh() {
            String url = "jdbc:h2:mem:claimscope" + COUNTER.incrementAndGet() + ";DB_CLOSE_DELAY=-1";
            JdbcDataSource ds = new JdbcDataSource();
            ds.setURL(url);
            ds.setUser("sa");
            return new Fresh(ds, url, "sa", "", "org.h2.Driver");
        }
    },
    POSTGRESQL {
        @Override
        Fresh fresh() {
            EmbeddedPostgres server = Postgres.SERVER;
            String name = "claimscope" + COUNTER.incrementAndGet();
            try (Connection c = server.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE " + name);
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
            DataSource ds = server.getDatabase("postgres", name);
            String url = "jdbc:postgresql://127.0.0.1:" + server.getPort() + "/" + name;
            return new Fresh(ds, url, "postgres", "postgres", "org.postgresql.Driver");
        }
    };

    private static final AtomicInteger COUNTER = new AtomicInteger();

    abstract Fresh fresh();

    /** A new empty database with Claimscope's schema, and an EntityManagerFactory on it. */
    public Fresh migrated() {
        Fresh fresh = fresh();
        SchemaMigrations.apply(fresh.dataSource());
        return fresh;
    }

    /** One database of one test. */
    public record Fresh(DataSource dataSource, String url, String user, String password, String driver) {
        public EntityManagerFactory entityManagerFactory() {
            return Persistence.createEntityManagerFactory("claimscope-test", Map.of(
                    "jakarta.persistence.jdbc.url", url,
                    "jakarta.persistence.jdbc.user", user,
                    "jakarta.persistence.jdbc.password", password,
                    "jakarta.persistence.jdbc.driver", driver));
        }
    }

    /** The PostgreSQL server, started on first use and stopped with the JVM. */
    private static final class Postgres {
        static final EmbeddedPostgres SERVER = start();

        private static EmbeddedPostgres start() {
            try {
                EmbeddedPostgres pg = EmbeddedPostgres.builder()
                        .setServerConfig("listen_addresses", "127.0.0.1")
                        // a test that waits on a lock fails after 5 s instead of hanging
                        .setServerConfig("lock_timeout", "5000")
                        .setLocaleConfig("locale", "C.UTF-8")
                        .start();
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        pg.close();
                    } catch (IOException ignored) {
                        // the JVM is ending either way
                    }
                }));
                return pg;
            } catch (IOException e) {
                throw new UncheckedIOException("could not start the embedded PostgreSQL server", e);
            }
        }
    }
}
