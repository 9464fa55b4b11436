package org.claimscope.config;

import jakarta.annotation.sql.DataSourceDefinition;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The application's one connection pool, over {@link ConfiguredDataSource}: H2 in file mode under
 * the data directory by default, PostgreSQL by configuration:
 * <pre>
 * CLAIMSCOPE_DB_URL=jdbc:postgresql://127.0.0.1:5432/claimscope
 * CLAIMSCOPE_DB_USER=claimscope CLAIMSCOPE_DB_PASSWORD=...
 * </pre>
 */
@DataSourceDefinition(
        name = ClaimscopeDataSource.JNDI_NAME,
        className = "org.claimscope.config.ConfiguredDataSource",
        minPoolSize = 2,
        maxPoolSize = 40,
        properties = {
                "fish.payara.is-connection-validation-required=true",
                "fish.payara.connection-validation-method=meta-data"
        })
@ApplicationScoped
public class ClaimscopeDataSource {
    public static final String JNDI_NAME = "java:app/jdbc/claimscope";
}
