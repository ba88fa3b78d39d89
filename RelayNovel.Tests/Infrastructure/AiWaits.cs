using RelayNovel.Inference.Scheduling;
using RelayNovel.Web.Rooms;
using RelayNovel.Web.Rooms.Grains;

namespace RelayNovel.Tests.Infrastructure;

/// <summary>
/// The room fits an AI prompt off its grain and only then asks the engine: after the command that gave the AI the
/// baton returns, these wait for the request to reach the engine's queue (or leave it).
/// </summary>
public static class AiWaits
{
    public static async Task<AiStreamView> QueuedAsync(RoomClient rooms, BatchScheduler queue, string roomId, int waiting = 1)
    {
        AiStreamView? stream = null;
        await Deadline.UntilAsync(async () =>
        {
            stream = (await rooms.GetAsync(roomId))?.AiStream;
            return queue.Waiting == waiting && stream is { State: AiStreamState.Queued };
        }, $"the room's AI request to wait in the queue ({waiting} waiting)");
        return stream!;
    }

    public static Task LeftTheQueueAsync(BatchScheduler queue, int waiting = 0) =>
        Deadline.UntilAsync(() => queue.Waiting == waiting, $"the AI request to leave the queue ({waiting} left)");
}
