package org.claimscope.web;

import jakarta.faces.application.FacesMessage;
import jakarta.faces.context.FacesContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.Supplier;
import org.claimscope.common.ConflictException;
import org.claimscope.common.ForbiddenException;
import org.claimscope.common.InvalidInputException;
import org.claimscope.common.NotFoundException;
import org.claimscope.common.StaleVersionException;

/** How pages answer what the services refuse: a message on the page, or a 404 / 403 page. */
public final class Pages {
    private Pages() {
    }

    public static void info(String summary) {
        FacesContext.getCurrentInstance().addMessage(null, new FacesMessage(FacesMessage.SEVERITY_INFO, summary, null));
    }

    public static void error(String summary) {
        FacesContext.getCurrentInstance().addMessage(null, new FacesMessage(FacesMessage.SEVERITY_ERROR, summary, null));
    }

    /** Runs an action from a form; a refusal becomes a message next to the form instead of an error page. */
    public static boolean attempt(Runnable action) {
        try {
            action.run();
            return true;
        } catch (RuntimeException e) {
            Throwable cause = rootOf(e);
            if (cause instanceof InvalidInputException || cause instanceof ForbiddenException
                    || cause instanceof NotFoundException || cause instanceof ConflictException
                    || cause instanceof StaleVersionException) {
                error(capitalise(cause.getMessage()));
                return false;
            }
            if (cause instanceof jakarta.persistence.OptimisticLockException) {
                error("Someone else saved a change at the same moment; reload the page and try again.");
                return false;
            }
            throw e;
        }
    }

    /** Loads what a page shows; a missing or forbidden thing becomes the 404 or 403 page. */
    public static <T> T load(Supplier<T> loader) {
        try {
            return loader.get();
        } catch (RuntimeException e) {
            Throwable cause = rootOf(e);
            int status = cause instanceof NotFoundException ? 404 : cause instanceof ForbiddenException ? 403 : 0;
            if (status == 0) {
                throw e;
            }
            try {
                FacesContext faces = FacesContext.getCurrentInstance();
                faces.getExternalContext().responseSendError(status, cause.getMessage());
                faces.responseComplete();
                return null;
            } catch (IOException io) {
                throw new UncheckedIOException(io);
            }
        }
    }

    private static Throwable rootOf(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t && !(t instanceof InvalidInputException
                || t instanceof ForbiddenException || t instanceof NotFoundException || t instanceof ConflictException
                || t instanceof StaleVersionException)) {
            t = t.getCause();
        }
        return t;
    }

    static String capitalise(String s) {
        if (s == null || s.isEmpty()) {
            return s;
        }
        String sentence = Character.toUpperCase(s.charAt(0)) + s.substring(1);
        return sentence.endsWith(".") ? sentence : sentence + ".";
    }
}
