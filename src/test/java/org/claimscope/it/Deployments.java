package org.claimscope.it;

import java.io.File;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.importer.ZipImporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * The one deployment every container test uses: the WAR exactly as `mvn package` built it, so that
 * tests exercise what ships, without hand-listed classes.
 */
public final class Deployments {
    /** The administrator and password the test server starts with (see arquillian.xml). */
    public static final String ADMIN = "admin";
    public static final String ADMIN_PASSWORD = "it-admin-password";
    /** The per-file upload limit the test server runs with, in bytes. */
    public static final long UPLOAD_LIMIT = 2_000_000;

    private Deployments() {
    }

    public static WebArchive claimscope() {
        File war = new File(System.getProperty("claimscope.war", "target/claimscope.war"));
        if (!war.isFile()) {
            throw new IllegalStateException(war + " is missing: run the tests with 'mvn verify'");
        }
        return ShrinkWrap.create(ZipImporter.class, "claimscope.war").importFrom(war).as(WebArchive.class);
    }
}
