package org.claimscope.api;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import java.util.List;
import org.claimscope.api.Dtos.NewToken;
import org.claimscope.api.Dtos.NewUser;
import org.claimscope.api.Dtos.TokenDto;
import org.claimscope.api.Dtos.UserDto;
import org.claimscope.common.ForbiddenException;
import org.claimscope.common.InvalidInputException;
import org.claimscope.security.CurrentUser;
import org.claimscope.security.User;
import org.claimscope.security.UserService;

/** Accounts and personal API tokens. */
@Path("v1")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class UsersResource {
    @Inject
    CurrentUser currentUser;

    @Inject
    UserService users;

    @POST
    @Path("users")
    public Response create(NewUser body) {
        if (body == null) {
            throw new InvalidInputException("login", "send {login, displayName, password}");
        }
        User created = users.create(currentUser.get(), body.login(), body.displayName(), body.password());
        return Response.created(UriBuilder.fromPath("/api/v1/users/{login}").build(created.getLogin()))
                .entity(UserDto.of(created)).build();
    }

    @GET
    @Path("users")
    public List<UserDto> list() {
        if (!currentUser.get().isAdmin()) {
            throw new ForbiddenException("only administrators list accounts");
        }
        return users.all().stream().map(UserDto::of).toList();
    }

    @GET
    @Path("me")
    public UserDto me() {
        return UserDto.of(currentUser.get());
    }

    @POST
    @Path("me/tokens")
    public Response createToken(NewToken body) {
        String token = users.createToken(currentUser.get(), body == null ? null : body.label());
        return Response.status(Response.Status.CREATED).entity(new TokenDto(token)).build();
    }
}
