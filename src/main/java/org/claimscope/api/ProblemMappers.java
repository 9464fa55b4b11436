package org.claimscope.api;

import jakarta.json.bind.JsonbException;
import jakarta.persistence.OptimisticLockException;
import jakarta.transaction.RollbackException;
import jakarta.transaction.TransactionalException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.Response.Status;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.claimscope.common.ConflictException;
import org.claimscope.common.ForbiddenException;
import org.claimscope.common.InvalidInputException;
import org.claimscope.common.NotFoundException;
import org.claimscope.common.NotSignedInException;
import org.claimscope.common.StaleVersionException;

/**
 * Turns every exception that leaves a resource into a problem+json answer with the right status.
 * Exceptions arrive wrapped by the transaction interceptor; the cause decides.
 */
@Provider
public class ProblemMappers implements ExceptionMapper<Throwable> {
    private static final Logger LOG = Logger.getLogger(ProblemMappers.class.getName());

    @Override
    public Response toResponse(Throwable thrown) {
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            Response mapped = map(t);
            if (mapped != null) {
                return mapped;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        LOG.log(Level.SEVERE, "Unexpected error in the API", thrown);
        return Problem.of(Status.INTERNAL_SERVER_ERROR, "something went wrong on the server; nothing was changed");
    }

    private static Response map(Throwable t) {
        if (t instanceof org.claimscope.common.TooLargeException e) {
            return Problem.of(Status.REQUEST_ENTITY_TOO_LARGE, e.getMessage(), e.field());
        }
        if (t instanceof InvalidInputException e) {
            return Problem.of(Status.BAD_REQUEST, e.getMessage(), e.field());
        }
        if (t instanceof NotFoundException e) {
            return Problem.of(Status.NOT_FOUND, e.getMessage());
        }
        if (t instanceof ForbiddenException e) {
            return Problem.of(Status.FORBIDDEN, e.getMessage());
        }
        if (t instanceof NotSignedInException e) {
            return Problem.of(Status.UNAUTHORIZED, e.getMessage());
        }
        if (t instanceof StaleVersionException e) {
            return Problem.of(Status.CONFLICT, Problem.STALE_VERSION, e.getMessage(), null);
        }
        if (t instanceof ConflictException e) {
            return Problem.of(Status.CONFLICT, Problem.STATE_CONFLICT, e.getMessage(), null);
        }
        if (t instanceof OptimisticLockException || t instanceof RollbackException
                && t.getCause() instanceof OptimisticLockException) {
            return Problem.of(Status.CONFLICT, Problem.STALE_VERSION,
                    "this was changed by someone else at the same moment; reload and try again", null);
        }
        if (t instanceof RollbackException) {
            // a commit refused by the database: two saves of the same thing at the same moment
            return Problem.of(Status.CONFLICT, Problem.STATE_CONFLICT,
                    "someone saved at the same moment and this change was not saved; try again", null);
        }
        if (t instanceof JsonbException e) {
            return Problem.of(Status.BAD_REQUEST, "the request body is not valid JSON of the expected shape: "
                    + firstLine(e.getMessage()));
        }
        if (t instanceof WebApplicationException e && !(t instanceof TransactionalException)) {
            Response r = e.getResponse();
            Status status = Status.fromStatusCode(r.getStatus());
            return Problem.of(status == null ? Status.BAD_REQUEST : status, e.getMessage());
        }
        return null;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
