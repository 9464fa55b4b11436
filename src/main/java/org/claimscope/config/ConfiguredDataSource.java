package org.claimscope.config;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The JDBC data source behind Claimscope's connection pool, chosen from configuration when the
 * pool first needs it:
 * <ul>
 * <li>{@code claimscope.db.url} ({@code CLAIMSCOPE_DB_URL}): a {@code jdbc:h2:} or
 * {@code jdbc:postgresql:} URL; by default an H2 file {@code claimscope} in the data directory
 * ({@code CLAIMSCOPE_DATA_DIR}, default {@code ./data});</li>
 * <li>{@code claimscope.db.user} and {@code claimscope.db.password}.</li>
 * </ul>
 * Doing this in code rather than in the pool's definition lets the default database follow the
 * data directory.
 */
public class ConfiguredDataSource implements DataSource {
    private final DataSource delegate;

    public ConfiguredDataSource() {
        Config config = ConfigProvider.getConfig(ConfiguredDataSource.class.getClassLoader());
        String dataDir = config.getOptionalValue("claimscope.data.dir", String.class).orElse("./data");
        String url = config.getOptionalValue("claimscope.db.url", String.class).filter(u -> !u.isBlank())
                .orElseGet(() -> defaultUrl(dataDir));
        String user = config.getOptionalValue("claimscope.db.user", String.class).orElse("");
        String password = config.getOptionalValue("claimscope.db.password", String.class).orElse("");
        this.delegate = create(url, user, password);
    }

    static String defaultUrl(String dataDir) {
        return "jdbc:h2:file:" + Path.of(dataDir).toAbsolutePath().normalize().resolve("claimscope");
    }

    static DataSource create(String url, String user, String password) {
        if (url.startsWith("jdbc:postgresql:")) {
            PGSimpleDataSource pg = new PGSimpleDataSource();
            pg.setURL(url);
            pg.setUser(user);
            pg.setPassword(password);
            return pg;
        }
        if (url.startsWith("jdbc:h2:")) {
            org.h2.jdbcx.JdbcDataSource h2 = new org.h2.jdbcx.JdbcDataSource();
            h2.setURL(url);
            h2.setUser(user.isEmpty() ? "sa" : user);
            h2.setPassword(password);
            return h2;
        }
        throw new IllegalArgumentException("claimscope.db.url must be a jdbc:h2: or jdbc:postgresql: URL, not " + url);
    }

    @Override
    public Connection getConnection() throws SQLException {
        return delegate.getConnection();
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return delegate.getConnection(username, password);
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return delegate.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        delegate.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        delegate.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return delegate.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return delegate.getParentLogger();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        return iface.isInstance(this) ? iface.cast(this) : delegate.unwrap(iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) throws SQLException {
        return iface.isInstance(this) || delegate.isWrapperFor(iface);
    }
}
