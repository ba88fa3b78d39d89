using RelayNovel.Web.Rooms;
using RelayNovel.Web.Rooms.Grains;

namespace RelayNovel.Web.Api;

/// <summary><c>POST /api/rooms/{id}/fork</c>: a new room holding a room's history up to a turn (new id and owner key, empty seats).</summary>
public static class ForkEndpoints
{
    public static IEndpointRouteBuilder MapForkApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/rooms/{id}/fork", ForkAsync)
            .WithTags("Rooms")
            .WithSummary("Fork a room from a turn")
            .WithDescription("Creates a new room holding the story up to and including `turnIndex` (0-based): the turns with their " +
                "timings for replay, the premise, author's note, glossary and seat plan, with every seat free. The answer is the same " +
                "as creating a room: the owner key is shown only this once. The new room links back to this room and turn. " +
                "400 for a turn that does not exist or was taken back, 404 for an unknown room; nothing is stored then.")
            .Produces<CreateRoomResponse>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    private static async Task<IResult> ForkAsync(string id, ForkRoomRequest? body, HttpRequest request, RoomClient service, InviteLinks links)
    {
        if (body?.TurnIndex is not { } turnIndex)
        {
            throw new RoomException(RoomErrorCode.InvalidSettings, "Say which turn to fork from: {\"turnIndex\": 0} for the first.");
        }
        var created = await service.ForkAsync(id, turnIndex);
        var url = links.For(request, created.RoomId);
        return TypedResults.Created($"/api/rooms/{created.RoomId}", new CreateRoomResponse(created.RoomId, url, created.OwnerKey));
    }
}
