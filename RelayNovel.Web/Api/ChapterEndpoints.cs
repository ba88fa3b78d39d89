using Microsoft.AspNetCore.Mvc;
using RelayNovel.Web.Rooms;
using RelayNovel.Web.Rooms.Grains;

namespace RelayNovel.Web.Api;

/// <summary>The owner's chapter breaks: <c>PUT</c> marks (or retitles) a story turn as a chapter's start, <c>DELETE</c> unmarks it.</summary>
public static class ChapterEndpoints
{
    public static RouteGroupBuilder MapChapters(this RouteGroupBuilder rooms)
    {
        rooms.MapPut("/{id}/turns/{index}/chapter", MarkAsync)
            .WithSummary("Mark a chapter")
            .WithDescription("The owner marks turn `index` (0-based) as starting a chapter, with an optional `title` (at most 80 " +
                "characters); sent again, it changes the title. Withdrawn and skipped turns can't start a chapter. Everyone " +
                "following the room gets a `chapters` event. The answer is the room's chapter marks.")
            .Produces<IReadOnlyList<ChapterMark>>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        rooms.MapDelete("/{id}/turns/{index}/chapter", UnmarkAsync)
            .WithSummary("Remove a chapter mark")
            .WithDescription("The owner removes the chapter break at turn `index` (the owner key in the body or the X-Owner-Key " +
                "header). The answer is the room's chapter marks.")
            .Produces<IReadOnlyList<ChapterMark>>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return rooms;
    }

    private static async Task<IResult> MarkAsync(string id, int index, ChapterRequest? body, RoomClient service)
    {
        await service.MarkChapterAsync(id, body?.OwnerKey ?? "", index, body?.Title);
        return await MarksAsync(id, service);
    }

    private static async Task<IResult> UnmarkAsync(string id, int index, HttpRequest request,
        [FromHeader(Name = "X-Owner-Key")] string? headerKey, RoomClient service)
    {
        // DELETE bodies are unusual for some clients: the owner key may come in the X-Owner-Key header instead (a
        // declared body would also make a request without one miss the route).
        var ownerKey = headerKey;
        if (string.IsNullOrEmpty(ownerKey) && request.HasJsonContentType())
        {
            try
            {
                ownerKey = (await request.ReadFromJsonAsync<OwnerActionRequest>(request.HttpContext.RequestAborted))?.OwnerKey;
            }
            catch (System.Text.Json.JsonException ex)
            {
                throw new BadHttpRequestException($"The request body isn't valid JSON: {ex.Message}");
            }
        }
        await service.UnmarkChapterAsync(id, ownerKey ?? "", index);
        return await MarksAsync(id, service);
    }

    private static async Task<IResult> MarksAsync(string id, RoomClient service) =>
        TypedResults.Ok((await service.GetAsync(id) ?? throw RoomEndpoints.NotFound()).Chapters);
}
