using RelayNovel.Tests.Infrastructure;
using RelayNovel.Web.Rooms;
using RelayNovel.Web.Rooms.Grains;
using RelayNovel.Web.Stories;

namespace RelayNovel.Tests.Rooms;

/// <summary>
/// One app per test with the tiny random-weight model; pages and event logs a test opens through
/// <see cref="Keep{T}"/> are closed before the app stops.
/// </summary>
public abstract class AiRoomTestBase : IAsyncLifetime
{
    protected static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    /// <summary>A few tokens shown as generated: an AI turn done in moments.</summary>
    protected static readonly AiSettings QuickAi = new(MaxTokens: 8, EndAtSentence: false, Pace: AiPace.AsGenerated);

    private readonly List<IAsyncDisposable> _cleanup = [];

    protected RelayNovelAppFactory App { get; } = RelayNovelAppFactory.WithModel(TestModels.TinyModelPath);

    protected RoomClient Rooms => App.Rooms;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var item in _cleanup)
        {
            await item.DisposeAsync();
        }
        await App.DisposeAsync();
    }

    protected T Keep<T>(T disposable) where T : IDisposable
    {
        _cleanup.Add(new Closing(disposable));
        return disposable;
    }

    protected RoomPresence Keep(RoomPresence presence)
    {
        _cleanup.Add(presence);
        return presence;
    }

    protected Task<TurnRecord> StoredAsync(string roomId, int index) => App.Store.StoredTurnAsync(roomId, index);

    private sealed class Closing(IDisposable disposable) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            disposable.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
