package org.claimscope.importing;

/**
 * Thrown by a recorder when the import job it writes for was stopped (cancelled by the manager) while a file was
 * being imported: the file's transaction rolls back, so nothing of it is stored, and the job goes no further.
 */
public class JobStoppedException extends RuntimeException {
    public JobStoppedException(String message) {
        super(message);
    }

    /** Whether the exception, or any of its causes, is a JobStoppedException. */
    public static boolean causedBy(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof JobStoppedException) {
                return true;
            }
        }
        return false;
    }
}
