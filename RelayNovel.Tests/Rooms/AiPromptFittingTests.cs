using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using RelayNovel.Tests.Infrastructure;
using RelayNovel.Web.Rooms;
using RelayNovel.Web.Rooms.Grains;
using RelayNovel.Web.Rooms.Backends;

namespace RelayNovel.Tests.Rooms;

/// <summary>
/// The AI's prompt is fitted (the story tokenized) off the room's grain: the room keeps answering meanwhile, and
/// the AI starts only if the room still wants it once the prompt is ready.
/// </summary>
public sealed class AiPromptFittingTests : IAsyncLifetime
{
    // Far longer than fitting a prompt takes; only reached when the room waits for the fitting thread.
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private readonly RelayNovelAppFactory _factory = RelayNovelAppFactory.WithModel(TestModels.TinyModelPath);
    private FitWatchingBackend _backend = null!;
    private Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<RelayNovel.Web.Hosting.WebAppMarker> _app = null!;

    private RoomClient Rooms => _app.Services.GetRequiredService<RoomClient>();

    public Task InitializeAsync()
    {
        _app = _factory.WithWebHostBuilder(b => b.ConfigureTestServices(services =>
            services.AddSingleton(sp =>
            {
                _backend = new FitWatchingBackend(sp.GetRequiredService<LocalOnnxBackend>());
                return new AiModel(_backend);
            })));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _factory.DisposeAsync();
    }

    [Fact]
    public async Task SubmitTurn_WhileTheAiPromptIsFitted_TheRoomStillAnswers()
    {
        var room = await CreateRoomAsync();
        var answered = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        // The hook runs on the fitting thread and is synchronous: it holds that thread while another one asks the room.
        // If fitting held the room (its lock, or the grain's turn), that call could not finish and the bounded wait would say false.
        _backend.BeforeNextFit(() => answered.TrySetResult(Task.Run(() => Rooms.GetAsync(room.Id)).Wait(Patience)));

        await Rooms.SubmitTurnAsync(room.Id, room.Keys[0], "기차가 멈췄다.", null);

        Assert.True(await answered.Task.WaitAsync(Patience * 3), "Reading the room waited for the AI's prompt to be fitted.");
        await Deadline.UntilAsync(async () => (await Rooms.GetAsync(room.Id))!.AiStream is not null, "the AI to start");
    }

    [Fact]
    public async Task SkipTurn_WhileTheAiPromptIsFitted_TheAiDoesNotStartForTheSkippedTurn()
    {
        var room = await CreateRoomAsync();
        var skipped = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        _backend.BeforeNextFit(() => skipped.TrySetResult(Task.Run(() => Rooms.SkipTurnAsync(room.Id, room.OwnerKey)).Wait(Patience)));

        await Rooms.SubmitTurnAsync(room.Id, room.Keys[0], "기차가 멈췄다.", null);

        Assert.True(await skipped.Task.WaitAsync(Patience * 3), "The owner's skip waited for the AI's prompt to be fitted.");
        await Deadline.UntilAsync(() => _backend.Fitted == 1, "the fitting to finish");
        await Rooms.TickAsync(room.Id);   // the fitted prompt comes back to the room as a call queued before these
        await Rooms.TickAsync(room.Id);
        var snapshot = (await Rooms.GetAsync(room.Id))!;
        Assert.Null(snapshot.AiStream);
        Assert.Equal(0, _backend.Started);
        Assert.Equal(0, snapshot.BatonSeatIndex);
        Assert.Equal([TurnKind.Human, TurnKind.Skipped], snapshot.Turns.Select(t => t.Kind));
    }

    private async Task<AiRoom> CreateRoomAsync()
    {
        var room = await AiRoom.CreateAsync(Rooms, ownerSeated: false, new AiSettings(MaxTokens: 8, EndAtSentence: false, Pace: AiPace.AsGenerated), "민지");
        return room;
    }
}
