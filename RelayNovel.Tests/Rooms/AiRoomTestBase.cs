using Microsoft.Extensions.DependencyInjection;
using RelayNovel.Tests.Infrastructure;
using RelayNovel.Web.Rooms;
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

    private readonly List<IDisposable> _cleanup = [];

    protected RelayNovelAppFactory App { get; } = RelayNovelAppFactory.WithModel(TestModels.TinyModelPath);

    protected RoomService Rooms => App.Rooms;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        _cleanup.ForEach(d => d.Dispose());
        await App.DisposeAsync();
    }

    protected T Keep<T>(T disposable) where T : IDisposable
    {
        _cleanup.Add(disposable);
        return disposable;
    }

    protected TurnRecord Stored(string roomId, int index) =>
        App.Services.GetRequiredService<StoryStore>().FindTurn(roomId, index)!;
}
