package org.claimscope.config;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/** Applies the versioned SQL migrations of {@code schema/migrations} (packaged as db/migration). */
public final class SchemaMigrations {
    private SchemaMigrations() {
    }

    public static MigrateResult apply(DataSource dataSource) {
        return Flyway.configure(SchemaMigrations.class.getClassLoader())
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .validateMigrationNaming(true)
                .load()
                .migrate();
    }
}
