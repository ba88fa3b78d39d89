using System.Runtime.CompilerServices;
using System.Text.Json;
using RelayNovel.Web.Rooms.Feeds;

namespace RelayNovel.Web.Api;

/// <summary>A <see cref="RoomWatch"/> read as <see cref="RoomEventMessage"/>s for one client (SSE stream or hub connection).</summary>
public static class RoomEventFeed
{
    /// <summary>The watch's events (see <see cref="RoomWatch.ReadAsync"/>) mapped in order, each stamped with its publication time.</summary>
    public static async IAsyncEnumerable<RoomEventMessage> MessagesAsync(RoomWatch watch, long? afterSeq,
        JsonSerializerOptions options, [EnumeratorCancellation] CancellationToken ct = default)
    {
        // One mapper per client: it remembers the AI text this client was sent, for token deltas.
        var json = new RoomEventJson(options);
        await foreach (var fed in watch.ReadAsync(afterSeq, ct).ConfigureAwait(false))
        {
            yield return json.Map(fed.Event, fed.AtMs);
        }
    }
}
