using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using RelayNovel.Tests.Infrastructure;
using RelayNovel.Web.Rooms;
using RelayNovel.Web.Rooms.Backends;

namespace RelayNovel.Tests.Rooms;

/// <summary>
/// The AI's prompt is fitted (the story tokenized) outside the room's lock: the room keeps answering meanwhile, and
/// the AI starts only if the room still wants it once the prompt is ready.
/// </summary>
public sealed class AiPromptFittingTests : IAsyncLifetime
{
    // Far longer than fitting a prompt takes; only reached when the room's lock is held by the fitting thread.
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private readonly RelayNovelAppFactory _factory = RelayNovelAppFactory.WithModel(TestModels.TinyModelPath);
    private FitWatchingBackend _backend = null!;
    private Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<RelayNovel.Web.Hosting.WebAppMarker> _app = null!;

    private RoomService Rooms => _app.Services.GetRequiredService<RoomService>();

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
        var answered = false;
        // The hook runs on the fitting thread and is synchronous: it holds that thread while another one asks the room.
        // If fitting still held the room's lock, that call could not finish and the bounded wait would say false.
        _backend.BeforeNextFit(() => answered = Task.Run(() => Rooms.Get(room.Id)).Wait(Patience));

        await Rooms.SubmitTurnAsync(room.Id, room.Keys[0], "기차가 멈췄다.", null);

        Assert.True(answered, "Reading the room waited for the AI's prompt to be fitted: the story was tokenized under the room's lock.");
        Assert.NotNull(Rooms.Get(room.Id)!.AiStream);
    }

    [Fact]
    public async Task SkipTurn_WhileTheAiPromptIsFitted_TheAiDoesNotStartForTheSkippedTurn()
    {
        var room = await CreateRoomAsync();
        var skipped = false;
        _backend.BeforeNextFit(() => skipped = Task.Run(() => Rooms.SkipTurnAsync(room.Id, room.OwnerKey)).Wait(Patience));

        await Rooms.SubmitTurnAsync(room.Id, room.Keys[0], "기차가 멈췄다.", null);

        Assert.True(skipped, "The owner's skip waited for the AI's prompt to be fitted.");
        var snapshot = Rooms.Get(room.Id)!;
        Assert.Null(snapshot.AiStream);
        Assert.Equal(0, snapshot.BatonSeatIndex);
        Assert.Equal([TurnKind.Human, TurnKind.Skipped], snapshot.Turns.Select(t => t.Kind));
    }

    private async Task<AiRoom> CreateRoomAsync()
    {
        var room = await AiRoom.CreateAsync(Rooms, ownerSeated: false, new AiSettings(MaxTokens: 8, EndAtSentence: false, Pace: AiPace.AsGenerated), "민지");
        return room;
    }
}
