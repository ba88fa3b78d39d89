using RelayNovel.Web.Rooms;
using RelayNovel.Web.Rooms.Grains;

namespace RelayNovel.Web.Api;

/// <summary><c>POST /api/rooms/import</c>: a JSON room export becomes a new room (new id and owner key, empty seats).</summary>
public static class ImportEndpoints
{
    public static IEndpointRouteBuilder MapImportApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/rooms/import", ImportAsync)
            .WithTags("Rooms")
            .WithSummary("Import a room")
            .WithDescription("Creates a new room from a JSON export (`GET /api/rooms/{id}/export?format=json`): the story with its " +
                "timings, alternatives and glossary, under a new id and owner key, with every seat free. Nothing is stored " +
                "unless the whole file is valid.")
            .Accepts<RoomExportFile>("application/json")
            .Produces<CreateRoomResponse>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        return app;
    }

    private static async Task<IResult> ImportAsync(HttpRequest request, RoomClient service, InviteLinks links, CancellationToken ct)
    {
        var created = await RoomImport.ImportAsync(service, request.Body, request.ContentLength, ct);
        var url = links.For(request, created.RoomId);
        return TypedResults.Created($"/api/rooms/{created.RoomId}", new CreateRoomResponse(created.RoomId, url, created.OwnerKey));
    }
}
