package org.claimscope.importing.job;

/**
 * Where an import job is. QUEUED: its files wait for a worker; RUNNING: a worker imports them; FINISHED: every file
 * has its outcome in the report; CANCELLED: the manager stopped it (the files imported until then stay);
 * FAILED: the job could not go on (the message says why; the files imported until then stay).
 */
public enum JobState {
    QUEUED, RUNNING, FINISHED, CANCELLED, FAILED;

    public boolean isOver() {
        return this == FINISHED || this == CANCELLED || this == FAILED;
    }
}
