using System.Globalization;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using RelayNovel.Web.Rooms;
using RelayNovel.Web.Rooms.Feeds;
using RelayNovel.Web.Rooms.Grains;

namespace RelayNovel.Web.Api;

/// <summary>
/// <c>GET /api/rooms/{id}/events</c>: the room's events as Server-Sent Events — first a "snapshot" of the room,
/// then every event the room's pages see, each with its sequence number as <c>id:</c>. A reconnect with
/// <c>Last-Event-ID</c> gets exactly the events after that number (replayed from the store), then live ones, and no
/// snapshot. The stream counts as an open spectator page while it lasts.
/// </summary>
/// <remarks>
/// Written by <see cref="ServerSentEvents"/> rather than <c>TypedResults.ServerSentEvents</c>: the stream's contract
/// includes comment-line heartbeats, which <c>SseItem</c> cannot express, and an unknown room must answer 404 before
/// the stream starts.
/// </remarks>
public static class RoomEventsEndpoint
{
    public const string LastEventIdHeader = "Last-Event-ID";

    public static RouteHandlerBuilder MapRoomEvents(this IEndpointRouteBuilder rooms) =>
        rooms.MapGet("/{id}/events", StreamAsync)
            .WithName("RoomEvents")
            .WithSummary("Follow a room live (Server-Sent Events)")
            .WithDescription("A text/event-stream of JSON events: first {\"type\":\"snapshot\",\"room\":…}, then draft, token, ai, " +
                "turnCommitted, presence, queue, baton and settings events as they happen. Every event has `type`, `roomId` " +
                "and `at` (server time of publication, Unix ms); numbered events also carry `seq`, sent as the SSE `id:`. " +
                "A reconnect with a `Last-Event-ID` header receives exactly the events after that number, then live ones " +
                "(no snapshot). An idle stream sends a comment line as a heartbeat.")
            .Produces<RoomEventMessage>(StatusCodes.Status200OK, ServerSentEvents.ContentType)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);

    private static async Task StreamAsync(string id, HttpContext context, RoomClient rooms, RoomFeed feed,
        TimeProvider time, IOptions<JsonOptions> json, IOptions<ApiOptions> api)
    {
        var ct = context.RequestAborted;
        var options = json.Value.SerializerOptions;
        var after = LastEventId(context.Request);
        // Subscribed (and the node following the room) before the snapshot is taken or the log is read: later events
        // arrive live, and any number between the snapshot's and the first live one is read from the store.
        using var watch = await feed.OpenFollowingAsync(id);
        await using var presence = await rooms.ConnectAsync(id, participantKey: null);   // an unknown room throws: 404 before any byte is sent
        RoomEventMessage? first = null;
        if (after is null)
        {
            var snapshot = await rooms.GetAsync(id) ?? throw RoomEndpoints.NotFound();
            first = RoomEventJson.Snapshot(snapshot, watch.Now()) with { Seq = snapshot.Seq > 0 ? snapshot.Seq : null };
            after = snapshot.Seq;   // the events it shows are not sent again
        }
        try
        {
            var sse = await ServerSentEvents.StartAsync(context, options).ConfigureAwait(false);
            if (first is not null)
            {
                await sse.EventAsync(first, first.Seq, ct).ConfigureAwait(false);
            }
            var messages = RoomEventFeed.MessagesAsync(watch, after, options, ct);
            await sse.PumpAsync(messages, async (message, token) =>
            {
                await sse.EventAsync(message, message.Seq, token).ConfigureAwait(false);
                return true;
            },
                TimeSpan.FromSeconds(api.Value.HeartbeatSeconds), time, ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The client went away: leaving disposes the subscription and the presence.
        }
        catch (IOException) when (ct.IsCancellationRequested)
        {
            // Same, noticed while writing.
        }
    }

    /// <summary>The sequence number a reconnecting client last received; null without the header.</summary>
    private static long? LastEventId(HttpRequest request)
    {
        var value = request.Headers[LastEventIdHeader].ToString();
        if (value.Length == 0)
        {
            return null;
        }
        return long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seq)
            ? seq
            : throw new BadHttpRequestException($"{LastEventIdHeader} must be an event id this stream sent (a whole number ≥ 0).");
    }
}
