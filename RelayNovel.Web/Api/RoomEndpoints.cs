using RelayNovel.Web.Rooms;
using RelayNovel.Web.Rooms.Grains;

namespace RelayNovel.Web.Api;

/// <summary>The room routes of DESIGN.md's HTTP contract.</summary>
public static class RoomEndpoints
{
    public static IEndpointRouteBuilder MapRoomApi(this IEndpointRouteBuilder app)
    {
        var rooms = app.MapGroup("/api/rooms").WithTags("Rooms");
        rooms.MapPost("/", CreateAsync)
            .WithSummary("Create a room")
            .WithDescription("Creates a room from a title and optional premise and settings. The owner key in the answer is shown only " +
                "this once: it is needed to change settings, kick or skip.")
            .Produces<CreateRoomResponse>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status400BadRequest);
        rooms.MapGet("/{id}", GetAsync)
            .WithSummary("Read a room")
            .WithDescription("The room with its settings, seats (who sits where, who is connected or typing), committed turns, " +
                "the baton, the current draft and the AI turn in progress. Reading counts as using the room for a while.")
            .Produces<RoomResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        rooms.MapPost("/{id}/seats", JoinAsync)
            .WithSummary("Take a seat")
            .WithDescription("Joins under a display name at the first free seat (or `seatIndex`), or as a spectator. The participant " +
                "key in the answer is what writes turns.")
            .Produces<JoinSeatResponse>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        rooms.MapPost("/{id}/turns", SubmitAsync)
            .WithSummary("Write a turn")
            .WithDescription("Commits the baton holder's turn and passes the baton. 409 when it is not this participant's turn. " +
                "Send `submissionId` (or an Idempotency-Key header) to retry safely: a repeat returns the same turn.")
            .Produces<TurnView>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        rooms.MapGet("/{id}/export", ExportAsync)
            .WithSummary("Export the story")
            .WithDescription("The committed story as plain text (`format=txt`, the default) or Markdown with authors (`format=md`), " +
                "or the whole history as JSON (`format=json`: timings, alternatives, glossary) that `POST /api/rooms/import` reads, " +
                "or an EPUB 3 book (`format=epub`).")
            .Produces<string>(StatusCodes.Status200OK, "text/plain", "text/markdown", "application/json", Epub.EpubWriter.MediaType)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);
        rooms.MapRoomEvents();
        rooms.MapRoomActions();
        rooms.MapChapters();
        app.MapFallback("/api/{**path}", (HttpContext context, IProblemDetailsService problems) =>
            ApiProblems.WriteAsync(problems, context, StatusCodes.Status404NotFound, "Not found",
                $"There is no API route {context.Request.Method} {context.Request.Path}.", "NoRoute"))
            .ExcludeFromDescription();
        return app;
    }

    private static async Task<IResult> CreateAsync(CreateRoomRequest? body, HttpRequest request, RoomClient service, InviteLinks links,
        CancellationToken ct)
    {
        var created = await service.CreateAsync((body ?? new CreateRoomRequest(null)).ToSettings());
        var url = links.For(request, created.RoomId);
        return TypedResults.Created($"/api/rooms/{created.RoomId}", new CreateRoomResponse(created.RoomId, url, created.OwnerKey));
    }

    private static async Task<IResult> GetAsync(string id, RoomClient service)
    {
        var snapshot = await service.GetAsync(id) ?? throw NotFound();
        await service.TouchAsync(id);
        return TypedResults.Ok(RoomResponse.From(snapshot));
    }

    private static async Task<IResult> JoinAsync(string id, JoinSeatRequest? body, RoomClient service)
    {
        var joined = await service.JoinAsync(id, body?.Name ?? "", body?.SeatIndex, body?.Spectate ?? false, body?.OwnerKey);
        return TypedResults.Created($"/api/rooms/{id}", new JoinSeatResponse(joined.SeatIndex, joined.ParticipantKey));
    }

    private static async Task<IResult> SubmitAsync(string id, SubmitTurnRequest? body, HttpRequest request, RoomClient service)
    {
        var submissionId = body?.SubmissionId ?? request.Headers["Idempotency-Key"].FirstOrDefault();
        var turn = await service.SubmitTurnAsync(id, body?.ParticipantKey ?? "", body?.Text ?? "", submissionId);
        return TypedResults.Created($"/api/rooms/{id}", turn);
    }

    private static async Task<IResult> ExportAsync(string id, string? format, RoomClient service, Epub.TrainingDataCredits credits,
        Microsoft.Extensions.Localization.IStringLocalizer<Components.UiText> text, TimeProvider time)
    {
        if (format == Epub.EpubExport.Format)
        {
            return await Epub.EpubExport.DownloadAsync(id, service, credits, text, time);
        }
        var snapshot = await service.GetAsync(id) ?? throw NotFound();
        return (format ?? "txt") switch
        {
            "txt" => StoryExport.Download(StoryExport.ToText(snapshot), "text/plain; charset=utf-8", snapshot.Settings.Title, "txt"),
            "md" => StoryExport.Download(StoryExport.ToMarkdown(snapshot), "text/markdown; charset=utf-8", snapshot.Settings.Title, "md"),
            "json" => StoryExport.Download(StoryExport.ToJson(await service.HistoryAsync(id) ?? throw NotFound()), "application/json; charset=utf-8",
                snapshot.Settings.Title, "json"),
            _ => throw new RoomException(RoomErrorCode.InvalidSettings,
                $"Unknown export format. Use one of: {string.Join(", ", StoryExport.Formats)}, {Epub.EpubExport.Format}."),
        };
    }

    internal static RoomException NotFound() =>
        new(RoomErrorCode.NotFound, "There is no room with this id.");
}
