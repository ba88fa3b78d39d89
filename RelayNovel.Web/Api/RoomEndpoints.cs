using RelayNovel.Web.Rooms;

namespace RelayNovel.Web.Api;

/// <summary>The room routes of DESIGN.md's HTTP contract.</summary>
public static class RoomEndpoints
{
    public static IEndpointRouteBuilder MapRoomApi(this IEndpointRouteBuilder app)
    {
        var rooms = app.MapGroup("/api/rooms").WithTags("Rooms");
        rooms.MapPost("/", CreateAsync);
        rooms.MapGet("/{id}", Get);
        rooms.MapPost("/{id}/seats", JoinAsync);
        rooms.MapPost("/{id}/turns", SubmitAsync);
        rooms.MapGet("/{id}/export", Export);
        app.MapFallback("/api/{**path}", (HttpContext context, IProblemDetailsService problems) =>
            ApiProblems.WriteAsync(problems, context, StatusCodes.Status404NotFound, "Not found",
                $"There is no API route {context.Request.Method} {context.Request.Path}.", "NoRoute"));
        return app;
    }

    private static async Task<IResult> CreateAsync(CreateRoomRequest? body, HttpRequest request, RoomService service, CancellationToken ct)
    {
        var created = await service.CreateAsync((body ?? new CreateRoomRequest(null)).ToSettings(), ct);
        var url = $"{request.Scheme}://{request.Host}{request.PathBase}/rooms/{created.RoomId}";
        return TypedResults.Created($"/api/rooms/{created.RoomId}", new CreateRoomResponse(created.RoomId, url, created.OwnerKey));
    }

    private static IResult Get(string id, RoomService service)
    {
        service.Touch(id);
        var snapshot = service.Get(id) ?? throw NotFound();
        return TypedResults.Ok(RoomResponse.From(snapshot));
    }

    private static async Task<IResult> JoinAsync(string id, JoinSeatRequest? body, RoomService service, CancellationToken ct)
    {
        var joined = await service.JoinAsync(id, body?.Name ?? "", body?.SeatIndex, body?.Spectate ?? false, body?.OwnerKey, ct);
        return TypedResults.Created($"/api/rooms/{id}", new JoinSeatResponse(joined.SeatIndex, joined.ParticipantKey));
    }

    private static async Task<IResult> SubmitAsync(string id, SubmitTurnRequest? body, HttpRequest request, RoomService service, CancellationToken ct)
    {
        var submissionId = body?.SubmissionId ?? request.Headers["Idempotency-Key"].FirstOrDefault();
        var turn = await service.SubmitTurnAsync(id, body?.ParticipantKey ?? "", body?.Text ?? "", submissionId, ct);
        return TypedResults.Created($"/api/rooms/{id}", turn);
    }

    private static IResult Export(string id, string? format, RoomService service)
    {
        var snapshot = service.Get(id) ?? throw NotFound();
        return (format ?? "txt") switch
        {
            "txt" => TypedResults.Text(StoryExport.ToText(snapshot), "text/plain; charset=utf-8"),
            "md" => TypedResults.Text(StoryExport.ToMarkdown(snapshot), "text/markdown; charset=utf-8"),
            "json" => TypedResults.Text(StoryExport.ToJson(service.History(id) ?? throw NotFound()), "application/json; charset=utf-8"),
            _ => throw new RoomException(RoomErrorCode.InvalidSettings,
                $"Unknown export format. Use one of: {string.Join(", ", StoryExport.Formats)}."),
        };
    }

    private static RoomException NotFound() =>
        new(RoomErrorCode.NotFound, "There is no room with this id.");
}
