package org.claimscope.api;

import jakarta.json.Json;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** RFC 9457 problem details: what went wrong, in a sentence a person understands. */
final class Problem {
    static final MediaType TYPE = new MediaType("application", "problem+json");

    private Problem() {
    }

    static Response of(Response.Status status, String detail) {
        return of(status, detail, null);
    }

    static Response of(Response.Status status, String detail, String field) {
        JsonObjectBuilder body = Json.createObjectBuilder()
                .add("type", "about:blank")
                .add("title", status.getReasonPhrase())
                .add("status", status.getStatusCode())
                .add("detail", detail == null ? status.getReasonPhrase() : detail);
        if (field != null) {
            body.add("field", field);
        }
        return Response.status(status).type(TYPE).entity(body.build().toString()).build();
    }
}
