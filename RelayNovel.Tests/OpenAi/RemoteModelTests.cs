using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using RelayNovel.Tests.Infrastructure;
using RelayNovel.Web.Rooms;
using RelayNovel.Web.Stories.LiteDb;
using RelayNovel.Web.Rooms.Backends;
using RelayNovel.Web.Stories;

namespace RelayNovel.Tests.OpenAi;

/// <summary>An AI seat writing with a remote OpenAI-compatible chat endpoint (the <see cref="ChatStubServer"/>), through the real app.</summary>
public sealed class RemoteModelTests
{
    private const string Model = "stub-novelist-70b";
    private const string Key = "sk-test-do-not-show";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private static readonly string[] Pieces = ["창밖으로", " 비가", " 그치고", ", 서점 주인은", " 낡은 등불을", " 켰다."];

    [Fact]
    public async Task AiSeat_WithRemoteModel_StreamsTheEndpointsTextIntoTheRoomAndCommitsItWithItsTimings()
    {
        await using var stub = await ChatStubServer.StartAsync(Pieces);
        await using var app = RemoteApp(stub);
        // The natural pace shows a piece every ~55 ms, so the editors see the text grow whatever the stub's timing.
        var ai = new AiSettings(Temperature: 0.7f, TopP: 0.9f, MaxTokens: 60, EndAtSentence: false, Pace: AiPace.Natural);
        var settings = new RoomSettings("원격 모델", "비 오는 밤, 낡은 서점에서.", SeatPlan: [SeatKind.Human, SeatKind.Ai], TurnTimerSeconds: 0, Ai: ai);
        var room = await RoomSetup.CreateAsync(app.Rooms, settings, "민지");
        await using var page = await app.Rooms.ConnectAsync(room.Id, room.KeyOf(0));
        using var log = await RoomEventLog.StartAsync(app.Broadcaster, room.Id);

        await app.Rooms.SubmitTurnAsync(room.Id, room.KeyOf(0), "문이 삐걱 열렸다.", null);
        var committed = await log.WaitForAsync<TurnCommitted>(t => t.Turn.SeatIndex == 1, Patience);

        var written = string.Concat(Pieces);
        Assert.Equal((TurnKind.Ai, written), (committed.Turn.Kind, committed.Turn.Text));
        var streamed = log.Seen.OfType<AiProgress>().Select(p => p.Stream.VisibleText).Where(t => t.Length > 0).Distinct().ToList();
        Assert.True(streamed.Count >= 2, $"the remote text should reach the editors in steps, saw {streamed.Count}");
        Assert.All(streamed, s => Assert.StartsWith(s, written));
        var stored = (await app.Store.StoredTurnAsync(room.Id, committed.Turn.Index));
        Assert.Equal(Model, stored.Model);
        // Compared trimmed: LiteDB's default mapper trims stored strings and reads "" back as null until the store turns that off.
        Assert.Equal(Pieces.Select(p => p.Trim()), stored.TokenChunks.Where(c => !string.IsNullOrEmpty(c.Text)).Select(c => c.Text.Trim()));
        Assert.True(stored.TokenChunks.Zip(stored.TokenChunks.Skip(1)).All(p => p.First.OffsetMs <= p.Second.OffsetMs));
        Assert.True(stored.TokenChunks[^1].OffsetMs > stored.TokenChunks[0].OffsetMs, "the replay keeps the remote model's pace");
        Assert.Equal(Model, (await app.Rooms.GetAsync(room.Id))!.ModelName);

        var (body, authorization) = Assert.Single(stub.Requests);
        Assert.Equal($"Bearer {Key}", authorization);
        Assert.Equal(Model, (string)body["model"]!);
        Assert.True((bool)body["stream"]!);
        Assert.Equal(60, (int)(body["max_completion_tokens"] ?? body["max_tokens"])!);
        Assert.Equal(0.7f, (float)body["temperature"]!, 3);
        Assert.Equal(stored.Seed, (int?)body["seed"]);
        var prompt = (string)body["messages"]![1]!["content"]!;
        Assert.Contains("비 오는 밤, 낡은 서점에서.", prompt);
        Assert.EndsWith("문이 삐걱 열렸다.", prompt);
        Assert.Equal("system", (string)body["messages"]![0]!["role"]!);
    }

    [Fact]
    public async Task AiSeat_WithAnotherRelayNovelAsItsRemoteModel_WritesItsTurnThroughTheOpenAiSdkOverRealHttp()
    {
        await using var server = RelayNovelAppFactory.WithModel(TestModels.TinyModelPath);
        var address = server.StartKestrel();
        using var http = new HttpClient { BaseAddress = address };
        var served = await OpenAiApp.ModelIdAsync(http);
        await using var app = new RelayNovelAppFactory()
            .Set("RelayNovel:RemoteModel:BaseUrl", new Uri(address, "/v1").ToString())
            .Set("RelayNovel:RemoteModel:Model", served)
            .Set("RelayNovel:RemoteModel:ContextTokens", TestModels.TinyConfig.NPositions.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .Set("RelayNovel:RemoteModel:Instructions", "이어 쓰기.");   // the tiny model's context has no room for the default
        var ai = new AiSettings(MaxTokens: 24, EndAtSentence: false, Pace: AiPace.AsGenerated);
        var settings = new RoomSettings("자기 자신", "어느 봄날", SeatPlan: [SeatKind.Human, SeatKind.Ai], TurnTimerSeconds: 0, Ai: ai);
        var room = await RoomSetup.CreateAsync(app.Rooms, settings, "민지");
        await using var page = await app.Rooms.ConnectAsync(room.Id, room.KeyOf(0));
        using var log = await RoomEventLog.StartAsync(app.Broadcaster, room.Id);

        await app.Rooms.SubmitTurnAsync(room.Id, room.KeyOf(0), "꽃이 피었다.", null);
        var committed = await log.WaitForAsync<TurnCommitted>(t => t.Turn.SeatIndex == 1, Patience);

        Assert.Equal(TurnKind.Ai, committed.Turn.Kind);
        Assert.NotEmpty(committed.Turn.Text);
        var stored = (await app.Store.StoredTurnAsync(room.Id, committed.Turn.Index));
        Assert.Equal(served, stored.Model);
        Assert.InRange(stored.TokenChunks.Count(c => !string.IsNullOrEmpty(c.Text)), 2, 24);
    }

    [Fact]
    public async Task AiSeat_WhenTheEndpointRefusesTheKey_TheTurnFailsVisiblyWithoutShowingTheKey()
    {
        await using var stub = await ChatStubServer.StartAsync(Pieces, status: 401);
        await using var app = RemoteApp(stub);
        var ai = new AiSettings(MaxTokens: 20, EndAtSentence: false, Pace: AiPace.AsGenerated);
        var settings = new RoomSettings("거절", SeatPlan: [SeatKind.Human, SeatKind.Ai], TurnTimerSeconds: 0, Ai: ai);
        var room = await RoomSetup.CreateAsync(app.Rooms, settings, "민지");
        await using var page = await app.Rooms.ConnectAsync(room.Id, room.KeyOf(0));
        using var log = await RoomEventLog.StartAsync(app.Broadcaster, room.Id);

        await app.Rooms.SubmitTurnAsync(room.Id, room.KeyOf(0), "문이 열렸다.", null);
        var committed = await log.WaitForAsync<TurnCommitted>(t => t.Turn.SeatIndex == 1, Patience);

        Assert.Equal(TurnKind.Skipped, committed.Turn.Kind);
        var message = (await app.Rooms.GetAsync(room.Id))!.LastAiMessage;
        Assert.Contains("refused the server's key (HTTP 401)", message);
        Assert.DoesNotContain(Key, message);
        Assert.DoesNotContain(stub.BaseUrl.Authority, message);   // the endpoint and its own words go to the log only
        Assert.DoesNotContain("Incorrect API key", message);
        Assert.DoesNotContain(stub.BaseUrl.Authority, (await app.Rooms.HistoryAsync(room.Id))!.Turns[1].Note);
        Assert.Equal(0, (await app.Rooms.GetAsync(room.Id))!.BatonSeatIndex);
    }

    [Fact]
    public async Task RemoteBackend_EndAtSentence_StopsAtTheFirstSentenceEndPastAQuarterOfTheBudget()
    {
        await using var stub = await ChatStubServer.StartAsync(["첫째", " 문장이다.", " 둘째", " 문장이다.", " 셋째"]);
        using var backend = new RemoteChatBackend(Options(stub));
        var settings = new AiSettings(MaxTokens: 8, EndAtSentence: true);

        var chunks = await backend.WriteAsync(backend.Fit("", "시작.", 8), settings, seed: 7).ToListAsync();

        Assert.Equal("첫째 문장이다.", string.Concat(chunks.Select(c => c.Text)));
        Assert.Equal("SentenceEnd", chunks[^1].Finish);
        Assert.All(chunks[..^1], c => Assert.Null(c.Finish));
    }

    [Fact]
    public void RemoteBackend_Fit_KeepsThePremiseAndTheStoryEndWithinTheConfiguredContext()
    {
        var options = new RemoteModelOptions { BaseUrl = "http://127.0.0.1:9/v1", Model = Model, ContextTokens = 1000, CharactersPerToken = 1 };
        using var backend = new RemoteChatBackend(options);
        var story = string.Join(" ", Enumerable.Range(1, 200).Select(i => $"문장{i}."));

        var prompt = backend.Fit("전제: 비 오는 밤.", story, maxNewTokens: 100);

        Assert.StartsWith("전제: 비 오는 밤.\n\n", prompt.Text);
        Assert.EndsWith("문장200.", prompt.Text);
        Assert.DoesNotContain("문장1.", prompt.Text);
        Assert.StartsWith("문장", prompt.Text.Split("\n\n")[1]);   // cut at a word boundary, not inside one
        Assert.InRange(prompt.UsedTokens, 1, 1000 - 100);
        Assert.Equal(1000, prompt.WindowTokens);
        Assert.True(prompt.DroppedTokens > 0);
    }

    [Fact]
    public void RemoteModel_BaseUrlWithoutModelName_StopsTheAppAtStart()
    {
        using var app = new RelayNovelAppFactory().Set("RelayNovel:RemoteModel:BaseUrl", "http://127.0.0.1:9/v1");

        var error = Record.Exception(() => app.Services);

        var validation = Assert.IsType<OptionsValidationException>(error is AggregateException { InnerException: { } inner } ? inner : error);
        Assert.Contains("RelayNovel:RemoteModel:Model must name the model", validation.Message);
    }

    private static RelayNovelAppFactory RemoteApp(ChatStubServer stub) => new RelayNovelAppFactory()
        .Set("RelayNovel:RemoteModel:BaseUrl", stub.BaseUrl.ToString())
        .Set("RelayNovel:RemoteModel:Model", Model)
        .Set("RelayNovel:RemoteModel:ApiKey", Key);

    private static RemoteModelOptions Options(ChatStubServer stub) => new() { BaseUrl = stub.BaseUrl.ToString(), Model = Model, ApiKey = Key };
}
