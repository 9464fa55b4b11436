package org.claimscope.api;

import jakarta.json.Json;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** RFC 9457 problem details: what went wrong, in a sentence a person understands. */
final class Problem {
    static final MediaType TYPE = new MediaType("application", "problem+json");
    /** Someone saved the thing since the caller read it. */
    static final String STALE_VERSION = "urn:claimscope:problem:stale-version";
    /** The change clashes with the current state, e.g. a finished annotation set or a login that is taken. */
    static final String STATE_CONFLICT = "urn:claimscope:problem:state-conflict";

    private Problem() {
    }

    static Response of(Response.Status status, String detail) {
        return of(status, detail, null);
    }

    static Response of(Response.Status status, String detail, String field) {
        return of(status, "about:blank", detail, field);
    }

    /**
     * @param type a URI naming the kind of problem where clients may want to tell kinds apart, such
     *             as {@link #STALE_VERSION} and {@link #STATE_CONFLICT}, both answered with 409
     */
    static Response of(Response.Status status, String type, String detail, String field) {
        JsonObjectBuilder body = Json.createObjectBuilder()
                .add("type", type)
                .add("title", status.getReasonPhrase())
                .add("status", status.getStatusCode())
                .add("detail", detail == null ? status.getReasonPhrase() : detail);
        if (field != null) {
            body.add("field", field);
        }
        return Response.status(status).type(TYPE).entity(body.build().toString()).build();
    }
}
