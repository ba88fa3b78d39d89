using System.Text.Json;

namespace RelayNovel.Soak;

/// <summary>
/// One room under load: the soak reads it over HTTP every <see cref="PollInterval"/> and wakes the writer whose
/// turn it is. (Drafts have no HTTP route, so writers "type" by waiting before they submit.)
/// </summary>
public sealed class SoakRoom(string id, RoomApiClient api, SoakErrors errors)
{
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(500);

    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string Id { get; } = id;

    /// <summary>The baton seat and committed turn count at the last read (-1 before the first).</summary>
    public (int Baton, int Turns, bool AiWriting) State { get; private set; } = (-1, -1, false);

    public JsonElement? Last { get; private set; }

    public async Task PollAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                var room = await api.GetRoomAsync(Id, ct);
                Last = room;
                State = (room.GetProperty("batonSeatIndex").GetInt32(), room.GetProperty("turns").GetArrayLength(),
                    room.GetProperty("aiStream").ValueKind == JsonValueKind.Object);
                Interlocked.Exchange(ref _changed, new(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
                await Task.Delay(PollInterval, ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or JsonException or KeyNotFoundException)
            {
                errors.Add($"room {Id}: reading the room failed: {ex.Message}");
                await Task.Delay(PollInterval, ct).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    /// <summary>Waits until <paramref name="seat"/> holds the baton with more than <paramref name="afterTurns"/> turns committed.</summary>
    public async Task<int> WaitForBatonAsync(int seat, int afterTurns, CancellationToken ct)
    {
        while (true)
        {
            var changed = _changed.Task;
            var (baton, turns, _) = State;
            if (baton == seat && turns > afterTurns)
            {
                return turns;
            }
            await changed.WaitAsync(ct);
        }
    }
}
