using RelayNovel.Web.Hosting;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using RelayNovel.Tests.Infrastructure;
using RelayNovel.Web.Api;
using RelayNovel.Web.Rooms;
using RelayNovel.Web.Rooms.Grains;
using RelayNovel.Web.Stories.LiteDb;
using RelayNovel.Web.Stories;

namespace RelayNovel.Tests.Stories;

/// <summary>
/// Issue 16 item 5: a room's participants, a turn's alternatives and its draft snapshots are bounded, and a room
/// built up to each bound through the service exports and imports again unchanged.
/// </summary>
public sealed class RoomGrowthLimitTests : IAsyncLifetime
{
    private readonly RelayNovelAppFactory _app = new();

    private RoomClient Rooms => _app.Rooms;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Join_SpectatorsPastTheLimit_OldestIdleOnesMakeRoomAndTheStoredListStaysBounded()
    {
        var room = await RoomSetup.CreateAsync(Rooms, new RoomSettings("구경꾼", TurnTimerSeconds: 0), "민지");
        var spectators = new List<string>();
        for (var i = 0; i < StoryLimits.MaxParticipants + 20; i++)
        {
            spectators.Add((await Rooms.JoinAsync(room.Id, $"구경{i}", null, spectate: true)).ParticipantKey);
        }

        var stored = (await _app.Store.StoredRoomAsync(room.Id));
        Assert.Equal(StoryLimits.MaxParticipants, stored.Participants.Count);
        Assert.Null((await Rooms.IdentifyAsync(room.Id, spectators[0])));                     // the oldest idle spectator made room
        Assert.NotNull((await Rooms.IdentifyAsync(room.Id, spectators[^1])));
        Assert.Equal(0, (await Rooms.IdentifyAsync(room.Id, room.KeyOf(0)))!.SeatIndex);     // a seated writer is never dropped
        await AssertRoundTripsAsync(room.Id);
    }

    [Fact]
    public async Task Join_EveryoneAtTheLimitHasAnOpenPage_RefusedAsRoomFull()
    {
        var room = await RoomSetup.CreateAsync(Rooms, new RoomSettings("만석", TurnTimerSeconds: 0), "민지");
        var pages = new List<RoomPresence>();
        try
        {
            for (var i = 1; i < StoryLimits.MaxParticipants; i++)
            {
                var key = (await Rooms.JoinAsync(room.Id, $"구경{i}", null, spectate: true)).ParticipantKey;
                pages.Add(await Rooms.ConnectAsync(room.Id, key));
            }

            var refusal = await Assert.ThrowsAsync<RoomException>(() => Rooms.JoinAsync(room.Id, "늦은 사람", null, spectate: true));

            Assert.Equal(RoomErrorCode.RoomFull, refusal.Code);
        }
        finally
        {
            foreach (var page in pages)
            {
                await page.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task Typing_ThousandsOfSnapshots_TheTurnKeepsABoundedThinnedReplayThatRoundTrips()
    {
        var time = new ManualTime(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));
        await using var app = _app.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddKeyedSingleton<TimeProvider>(RoomCoreServices.RoomTimeKey, time)));
        var rooms = app.Services.GetRequiredService<RoomClient>();
        var room = await RoomSetup.CreateAsync(rooms, new RoomSettings("긴 초안", SeatPlan: [SeatKind.Human], MaxTurnChars: 5000, TurnTimerSeconds: 0), "민지");
        var text = string.Concat(Enumerable.Repeat("비가 내렸다. ", 500))[..4000];
        for (var n = 1; n <= text.Length; n++)
        {
            time.Advance(TimeSpan.FromMilliseconds(150));
            await rooms.UpdateDraftAsync(room.Id, room.KeyOf(0), text[..n]);
        }
        time.Advance(TimeSpan.FromSeconds(1));

        await rooms.SubmitTurnAsync(room.Id, room.KeyOf(0), text, null);

        var turn = (await rooms.HistoryAsync(room.Id))!.Turns[0];
        var snapshots = turn.DraftSnapshots;
        Assert.InRange(snapshots.Count, 20, StoryLimits.MaxDraftSnapshots);
        Assert.InRange(snapshots.Sum(s => (long)s.Text.Length), text.Length, StoryLimits.MaxDraftSnapshotChars);
        Assert.Equal(("비", turn.Text), (snapshots[0].Text, snapshots[^1].Text));   // the whole span stays, at a coarser step
        Assert.True(snapshots.Zip(snapshots.Skip(1)).All(p => p.First.OffsetMs < p.Second.OffsetMs));
        await AssertRoundTripsAsync(room.Id, rooms);
    }

    [Fact]
    public void Thin_OverEitherBound_KeepsFirstAndLastAndEndsWithinBoth()
    {
        var many = Enumerable.Range(0, 5000).Select(i => new DraftSnapshotRecord { OffsetMs = i, Text = "가" }).ToList();
        var long_ = Enumerable.Range(0, 50).Select(i => new DraftSnapshotRecord { OffsetMs = i, Text = new string('가', 40_000) }).ToList();

        DraftSnapshotBudget.Thin(many);
        DraftSnapshotBudget.Thin(long_);

        Assert.InRange(many.Count, StoryLimits.MaxDraftSnapshots / 2, StoryLimits.MaxDraftSnapshots);
        Assert.Equal((0L, 4999L), (many[0].OffsetMs, many[^1].OffsetMs));
        Assert.Equal((2, 0L, 49L), (long_.Count, long_[0].OffsetMs, long_[^1].OffsetMs));
        Assert.True(DraftSnapshotBudget.Fits(many) && DraftSnapshotBudget.Fits(long_));
    }

    [Fact]
    public async Task RetryAfterCommit_TurnAtTheAlternativesLimit_RefusedAndTheRoomStillRoundTrips()
    {
        var settings = new RoomSettings("후보가 많은 방", SeatPlan: [SeatKind.Human, SeatKind.Ai], TurnTimerSeconds: 0);
        var created = await Rooms.ImportAsync(settings, [HumanTurn(0), AiTurnWithAlternatives(1, StoryLimits.MaxAlternativesPerTurn)]);

        var refusal = await Assert.ThrowsAsync<RoomException>(() => Rooms.RetryAiAsync(created.RoomId, created.OwnerKey));

        Assert.Equal(RoomErrorCode.AiBusy, refusal.Code);
        Assert.Contains("as many as a turn can hold", refusal.Message, StringComparison.Ordinal);
        Assert.Equal(2, (await Rooms.GetAsync(created.RoomId))!.Turns.Count);
        await AssertRoundTripsAsync(created.RoomId);
    }

    [Fact]
    public async Task RetryAfterCommit_BelowTheLimit_StillAllowedAndTheAlternativeIsKept()
    {
        var settings = new RoomSettings("후보가 조금 적은 방", SeatPlan: [SeatKind.Human, SeatKind.Ai], TurnTimerSeconds: 0);
        var kept = StoryLimits.MaxAlternativesPerTurn - RoomClient.MaxAlternatives;
        var created = await Rooms.ImportAsync(settings, [HumanTurn(0), AiTurnWithAlternatives(1, kept)]);

        await Rooms.RetryAiAsync(created.RoomId, created.OwnerKey);
        await Rooms.JoinAsync(created.RoomId, "민지", null, spectate: false);

        // Once someone sits down the AI seat, without a model, is skipped at once; the retried text goes with that turn.
        var turns = (await Rooms.HistoryAsync(created.RoomId))!.Turns;
        Assert.Equal(kept + 1, turns[1].Alternatives.Count);
        await AssertRoundTripsAsync(created.RoomId);
    }

    /// <summary>Export, import through the same path as the API, export again: the same file but for its time.</summary>
    private async Task AssertRoundTripsAsync(string roomId, RoomClient? rooms = null)
    {
        rooms ??= Rooms;
        var exported = RoomExportJson.Write(RoomExportFile.From((await rooms.HistoryAsync(roomId))!, DateTimeOffset.UnixEpoch));
        using var body = new MemoryStream(Encoding.UTF8.GetBytes(exported));

        var imported = await RoomImport.ImportAsync(rooms, body, body.Length, CancellationToken.None);

        var again = RoomExportJson.Write(RoomExportFile.From((await rooms.HistoryAsync(imported.RoomId))!, DateTimeOffset.UnixEpoch));
        Assert.Equal(exported, again);
        Assert.NotNull(JsonNode.Parse(again));
    }

    private static TurnRecord HumanTurn(int index) => new()
    {
        Index = index, SeatIndex = 0, AuthorName = "민지", Kind = TurnKind.Human, Text = "문이 열렸다.",
        StartedAtMs = 1_700_000_000_000, EndedAtMs = 1_700_000_001_000,
        DraftSnapshots = [new DraftSnapshotRecord { OffsetMs = 900, Text = "문이 열렸다." }],
    };

    private static TurnRecord AiTurnWithAlternatives(int index, int count) => new()
    {
        Index = index, SeatIndex = 1, AuthorName = "AI", Kind = TurnKind.Ai, Text = "바람이 불었다.",
        StartedAtMs = 1_700_000_002_000, EndedAtMs = 1_700_000_003_000, Model = "tiny", FinishReason = "EndOfText",
        TokenChunks = [new TokenChunkRecord { OffsetMs = 10, Text = "바람이 불었다.", Tokens = 3 }],
        Alternatives = [.. Enumerable.Range(0, count).Select(i => new AlternativeRecord
        {
            Origin = AlternativeOrigin.Retry, Text = $"다른 문장 {i}.", Model = "tiny", FinishReason = "EndOfText",
            TokenChunks = [new TokenChunkRecord { OffsetMs = 10, Text = $"다른 문장 {i}.", Tokens = 3 }], CreatedAtMs = 1_700_000_002_500,
        })],
    };
}
