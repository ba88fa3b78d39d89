using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using RelayNovel.Web.Rooms;

namespace RelayNovel.Web.Api;

/// <summary>
/// <c>GET /api/rooms/{id}/events</c>: the room's events as Server-Sent Events — first a "snapshot" of the room,
/// then every event the room's pages see. The stream counts as an open spectator page while it lasts.
/// </summary>
public static class RoomEventsEndpoint
{
    public static RouteHandlerBuilder MapRoomEvents(this IEndpointRouteBuilder rooms) =>
        rooms.MapGet("/{id}/events", StreamAsync)
            .WithName("RoomEvents")
            .WithSummary("Follow a room live (Server-Sent Events)")
            .WithDescription("A text/event-stream of JSON events: first {\"type\":\"snapshot\",\"room\":…}, then draft, token, ai, " +
                "turnCommitted, presence, queue, baton and settings events as they happen. Every event has `type`, `roomId` " +
                "and `at` (server time of publication, Unix ms). An idle stream sends a comment line as a heartbeat. " +
                "A client that cannot keep up is disconnected and should reconnect (it gets a fresh snapshot).")
            .Produces<RoomEventMessage>(StatusCodes.Status200OK, ServerSentEvents.ContentType)
            .ProducesProblem(StatusCodes.Status404NotFound);

    private static async Task StreamAsync(string id, HttpContext context, RoomService rooms, RoomBroadcaster broadcaster,
        TimeProvider time, IOptions<JsonOptions> json, IOptions<ApiOptions> api)
    {
        var ct = context.RequestAborted;
        var options = json.Value.SerializerOptions;
        // Subscribed before the snapshot is taken, so nothing falls between the two.
        using var feed = new RoomEventFeed(broadcaster, id, time, options, closeWhenFull: true);
        using var presence = rooms.Connect(id, participantKey: null);   // an unknown room throws: 404 before any byte is sent
        var readAt = feed.Now();   // stamped before the read: whatever was published earlier is in the snapshot
        var snapshot = rooms.Get(id) ?? throw RoomEndpoints.NotFound();
        try
        {
            var sse = await ServerSentEvents.StartAsync(context, options).ConfigureAwait(false);
            var first = RoomEventJson.Snapshot(snapshot, readAt);
            await sse.EventAsync(first, ct).ConfigureAwait(false);
            await sse.PumpAsync(feed.Reader, async (message, token) =>
            {
                // Published before the snapshot was read, so already in it: sending it would step the client back.
                if (message.At >= first.At)
                {
                    await sse.EventAsync(message, token).ConfigureAwait(false);
                }
                return true;
            }, TimeSpan.FromSeconds(api.Value.HeartbeatSeconds), ct).ConfigureAwait(false);
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
}
