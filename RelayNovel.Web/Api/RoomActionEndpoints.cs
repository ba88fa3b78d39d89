using Microsoft.AspNetCore.Mvc;
using RelayNovel.Web.Rooms;
using RelayNovel.Web.Rooms.Grains;

namespace RelayNovel.Web.Api;

/// <summary>
/// Everything a page can do in a room besides joining and writing a turn, for programs: the draft, undo, the AI
/// turn (stop, retry, alternatives and their vote), and the owner's tools (skip, kick, glossary, show prompt).
/// Participant actions take the participant key from joining, owner actions the owner key from creating.
/// </summary>
public static class RoomActionEndpoints
{
    public static RouteGroupBuilder MapRoomActions(this RouteGroupBuilder rooms)
    {
        Describe(rooms.MapPut("/{id}/draft", UpdateDraftAsync), "Update the draft",
            "The baton holder's draft as typed so far; everyone following the room sees it (about ten updates a second). " +
            "409 when the participant does not hold the baton.", StatusCodes.Status204NoContent);
        Describe(rooms.MapPost("/{id}/turns/undo", UndoAsync), "Take back the last turn",
            "The author of the room's last turn takes it back while nobody has written after it (409 TooLate otherwise). " +
            "It stays in the history marked withdrawn and the baton is theirs again.", StatusCodes.Status200OK)
            .Produces<TurnView>();
        Describe(rooms.MapPost("/{id}/ai/stop", StopAsync), "Stop the AI",
            "A seated participant stops the AI turn: what it has written so far becomes the turn.", StatusCodes.Status204NoContent);
        Describe(rooms.MapPost("/{id}/ai/retry", RetryAsync), "Retry the AI turn",
            "The writer before the AI (or the owner) has it write its turn again; a committed AI turn may be retried " +
            "while nobody has written after it, and its text is kept as an alternative.", StatusCodes.Status202Accepted);
        Describe(rooms.MapPost("/{id}/ai/alternatives", AlternativesAsync), "Ask for alternatives",
            "A seated participant asks for 2–4 alternatives of the AI turn; they stream side by side and the room votes.",
            StatusCodes.Status202Accepted);
        Describe(rooms.MapPost("/{id}/vote", VoteAsync), "Vote for an alternative",
            "A seated participant votes once for one alternative (0-based). The majority wins once all have voted.",
            StatusCodes.Status204NoContent);
        Describe(rooms.MapPost("/{id}/vote/close", CloseVoteAsync), "Close the vote",
            "The owner ends the vote now; the most votes win (409 VoteTied when the owner has to pick).",
            StatusCodes.Status204NoContent);
        Describe(rooms.MapPost("/{id}/vote/pick", PickAsync), "Pick the winning alternative",
            "The owner commits one alternative (0-based) whatever the votes say.", StatusCodes.Status204NoContent);
        Describe(rooms.MapPost("/{id}/skip", SkipAsync), "Skip the turn",
            "The owner passes the baton on; the holder's draft is kept in the history as a skipped turn.",
            StatusCodes.Status204NoContent);
        Describe(rooms.MapPost("/{id}/seats/{seat}/kick", KickAsync), "Free a seat",
            "The owner removes whoever sits at the seat; their key stops working.", StatusCodes.Status204NoContent);
        Describe(rooms.MapPost("/{id}/seats/leave", LeaveSeatAsync), "Leave my seat",
            "A seated participant gets up: they stay in the room as a spectator with the same key; a baton they held passes " +
            "on, keeping their draft as a skipped turn.", StatusCodes.Status204NoContent);
        Describe(rooms.MapPost("/{id}/seats/take", TakeSeatAsync), "Take a free seat",
            "A spectator (joined to watch, or who left a seat) sits down at a free seat: the one given (0-based), else the " +
            "first free one. 409 when none is free.", StatusCodes.Status200OK)
            .Produces<TakeSeatResponse>();
        Describe(rooms.MapPut("/{id}/glossary", GlossaryAsync), "Replace the glossary",
            "The owner sets the room's glossary (at most 40 names, each with one short line); an entry goes into the " +
            "AI's prompt when its name occurs in the recent story.", StatusCodes.Status200OK)
            .Produces<IReadOnlyList<GlossaryEntry>>();
        Describe(rooms.MapGet("/{id}/prompt", PromptAsync), "Show the last prompt",
            "The exact text the model was last sent in this room (the owner only: send the owner key in the " +
            "X-Owner-Key header).", StatusCodes.Status200OK)
            .Produces<PromptResponse>();
        return rooms;
    }

    private static RouteHandlerBuilder Describe(RouteHandlerBuilder route, string summary, string description, int success) =>
        route.WithSummary(summary).WithDescription(description)
            .Produces(success)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

    private static async Task<IResult> UpdateDraftAsync(string id, DraftRequest? body, RoomClient service)
    {
        var key = body?.ParticipantKey ?? "";
        var room = await service.GetAsync(id, key) ?? throw RoomEndpoints.NotFound();
        _ = await service.IdentifyAsync(id, key)
            ?? throw new RoomException(RoomErrorCode.Forbidden, "This participant key does not belong to this room.");
        if (!room.Permissions.CanWrite)   // the room's rule: only the baton holder writes
        {
            throw new RoomException(RoomErrorCode.NotYourTurn, "Only the baton holder has a draft; it is not your turn.");
        }
        await service.UpdateDraftAsync(id, key, body?.Text ?? "");   // the room's rule refuses an over-long draft (TooLong)
        return TypedResults.NoContent();
    }

    private static async Task<IResult> UndoAsync(string id, ParticipantActionRequest? body, RoomClient service) =>
        TypedResults.Ok(await service.UndoTurnAsync(id, body?.ParticipantKey ?? ""));

    private static async Task<IResult> StopAsync(string id, ParticipantActionRequest? body, RoomClient service)
    {
        await service.StopAiAsync(id, body?.ParticipantKey ?? "");
        return TypedResults.NoContent();
    }

    private static async Task<IResult> RetryAsync(string id, ParticipantActionRequest? body, RoomClient service)
    {
        await service.RetryAiAsync(id, body?.ParticipantKey ?? "");
        return TypedResults.Accepted($"/api/rooms/{id}");
    }

    private static async Task<IResult> AlternativesAsync(string id, AlternativesRequest? body, RoomClient service)
    {
        await service.RequestAlternativesAsync(id, body?.ParticipantKey ?? "", body?.Count ?? RoomClient.MinAlternatives);
        return TypedResults.Accepted($"/api/rooms/{id}");
    }

    private static async Task<IResult> VoteAsync(string id, VoteRequest? body, RoomClient service)
    {
        await service.CastVoteAsync(id, body?.ParticipantKey ?? "", body?.Candidate ?? throw Missing("candidate"));
        return TypedResults.NoContent();
    }

    private static async Task<IResult> CloseVoteAsync(string id, OwnerActionRequest? body, RoomClient service)
    {
        await service.CloseVoteAsync(id, body?.OwnerKey ?? "");
        return TypedResults.NoContent();
    }

    private static async Task<IResult> PickAsync(string id, PickRequest? body, RoomClient service)
    {
        await service.PickAlternativeAsync(id, body?.OwnerKey ?? "", body?.Candidate ?? throw Missing("candidate"));
        return TypedResults.NoContent();
    }

    private static async Task<IResult> SkipAsync(string id, OwnerActionRequest? body, RoomClient service)
    {
        await service.SkipTurnAsync(id, body?.OwnerKey ?? "");
        return TypedResults.NoContent();
    }

    private static async Task<IResult> KickAsync(string id, int seat, OwnerActionRequest? body, RoomClient service)
    {
        await service.KickAsync(id, body?.OwnerKey ?? "", seat);
        return TypedResults.NoContent();
    }

    private static async Task<IResult> LeaveSeatAsync(string id, ParticipantActionRequest? body, RoomClient service)
    {
        await service.LeaveSeatAsync(id, body?.ParticipantKey ?? "");
        return TypedResults.NoContent();
    }

    private static async Task<IResult> TakeSeatAsync(string id, TakeSeatRequest? body, RoomClient service) =>
        TypedResults.Ok(new TakeSeatResponse(await service.TakeSeatAsync(id, body?.ParticipantKey ?? "", body?.SeatIndex)));

    private static async Task<IResult> GlossaryAsync(string id, GlossaryRequest? body, RoomClient service)
    {
        var entries = body?.Entries ?? throw Missing("entries");
        await service.UpdateGlossaryAsync(id, body.OwnerKey ?? "", [.. entries.Select(e => e ?? new GlossaryEntry("", ""))]);
        return TypedResults.Ok((await service.GetAsync(id) ?? throw RoomEndpoints.NotFound()).Glossary);
    }

    private static async Task<IResult> PromptAsync(string id, [FromHeader(Name = "X-Owner-Key")] string? ownerKey, RoomClient service) =>
        TypedResults.Ok(new PromptResponse(await service.GetPromptTextAsync(id, ownerKey ?? "")));

    private static RoomException Missing(string field) =>
        new(RoomErrorCode.InvalidSettings, $"The request needs \"{field}\".");
}
