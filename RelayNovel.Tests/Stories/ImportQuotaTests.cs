using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using RelayNovel.Tests.Infrastructure;
using RelayNovel.Web.Rooms;
using RelayNovel.Web.Stories.LiteDb;
using RelayNovel.Web.Stories;

namespace RelayNovel.Tests.Stories;

/// <summary>
/// Issue 16 item 2: what an import may rebuild is bounded by its size, and rooms and the whole file have storage
/// quotas that refuse with a problem (413 for a room, 507 for the file) and store nothing half-way.
/// </summary>
public sealed class ImportQuotaTests
{
    private const long SmallRoomLimit = 64 * 1024;

    [Fact]
    public async Task Import_DraftEditsThatKeepAllButOneAndAddOne_Refused400AndNothingStored()
    {
        await using var app = new RelayNovelAppFactory();
        var client = app.CreateClient();
        var store = app.Store;
        var hostile = HostileExports.KeepAllAddOne();
        var (rooms, bytes) = (store.RoomCount(), (await store.SizeAsync()));

        var response = await client.PostAsync("/api/rooms/import", HostileExports.Content(hostile));

        await ApiAssert.ProblemAsync(response, HttpStatusCode.BadRequest, "TooLong");
        Assert.Equal(rooms, store.RoomCount());
        Assert.True((await store.SizeAsync()) - bytes < 1024 * 1024, $"The file grew by {(await store.SizeAsync()) - bytes} bytes for a refused import.");
    }

    [Fact]
    public async Task Import_ManyTurnsEachWithinItsDraftLimit_RefusedOnceTheRebuiltTextPassesTheRoomsQuota()
    {
        await using var app = new RelayNovelAppFactory().Set("RelayNovel:RoomStorageLimitBytes", $"{1024 * 1024}");
        var client = app.CreateClient();
        var store = app.Store;
        var hostile = HostileExports.WithinEachTurnsLimit(turns: 40);   // ~190 KB rebuilding 4M characters
        var rooms = store.RoomCount();

        var response = await client.PostAsync("/api/rooms/import", HostileExports.Content(hostile));

        var problem = await ApiAssert.ProblemAsync(response, HttpStatusCode.BadRequest, "TooLong");
        Assert.Contains("drafts", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(rooms, store.RoomCount());
    }

    [Fact]
    public async Task SubmitTurn_RoomAtItsStorageLimit_Refused413WithAClearProblemAndNothingStored()
    {
        await using var app = new RelayNovelAppFactory().Set("RelayNovel:RoomStorageLimitBytes", $"{SmallRoomLimit}");
        var client = app.CreateClient();
        var (id, key) = await FillRoomAsync(app);
        var turns = (await app.Rooms.GetAsync(id))!.Turns.Count;

        var response = await client.PostAsJsonAsync($"/api/rooms/{id}/turns", new { participantKey = key, text = "한 줄 더." });

        var problem = await ApiAssert.ProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, "RoomStorageFull");
        Assert.Contains("저장 한도", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(turns, (await app.Rooms.GetAsync(id))!.Turns.Count);
        Assert.Equal(turns, (await app.Store.StoredTurnsAsync(id)).Count);
    }

    [Fact]
    public async Task SubmitTurn_TheTurnThatFillsTheRoom_IsItsLastTheTimerStopsAndTheAiSeatWaits()
    {
        await using var app = new RelayNovelAppFactory().Set("RelayNovel:RoomStorageLimitBytes", $"{SmallRoomLimit}");
        var settings = new RoomSettings("마지막 장", SeatPlan: [SeatKind.Human, SeatKind.Ai], MaxTurnChars: 20_000, TurnTimerSeconds: 300);
        var room = await RoomSetup.CreateAsync(app.Rooms, settings, "민지");
        var text = string.Concat(Enumerable.Repeat("비가 내렸다. ", 500));
        TurnView? last = null;
        for (var i = 0; i < 100 && (await app.Rooms.GetAsync(room.Id))!.BatonSeatIndex == 0; i++)
        {
            last = await app.Rooms.SubmitTurnAsync(room.Id, room.KeyOf(0), text, null);   // without a model each AI turn is skipped at once
        }

        var snapshot = (await app.Rooms.GetAsync(room.Id))!;
        Assert.Equal(1, snapshot.BatonSeatIndex);                         // the baton reached the AI seat, which waits
        Assert.Equal(last!.Index, snapshot.Turns[^1].Index);              // no skipped AI turn after the one that filled the room
        Assert.Null(snapshot.TurnDeadline);
        var refusal = await Assert.ThrowsAsync<RoomException>(() => app.Rooms.SkipTurnAsync(room.Id, room.Room.OwnerKey));
        Assert.Equal(RoomErrorCode.RoomStorageFull, refusal.Code);
    }

    [Fact]
    public async Task ExportImport_RoomAtItsStorageLimit_RoundTripsAndTheImportedRoomIsFullToo()
    {
        await using var app = new RelayNovelAppFactory().Set("RelayNovel:RoomStorageLimitBytes", $"{SmallRoomLimit}");
        var client = app.CreateClient();
        var (id, _) = await FillRoomAsync(app);
        var exported = await client.GetStringAsync($"/api/rooms/{id}/export?format=json");

        var import = await client.PostAsync("/api/rooms/import", HostileExports.Content(exported));

        Assert.Equal(HttpStatusCode.Created, import.StatusCode);
        var newId = (await import.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        Assert.Equal(WithoutExportTime(exported), WithoutExportTime(await client.GetStringAsync($"/api/rooms/{newId}/export?format=json")));
        var joined = await app.Rooms.JoinAsync(newId, "지우", null, spectate: false);
        var refusal = await Assert.ThrowsAsync<RoomException>(() => app.Rooms.SubmitTurnAsync(newId, joined.ParticipantKey, "이어서.", null));
        Assert.Equal(RoomErrorCode.RoomStorageFull, refusal.Code);
    }

    [Fact]
    public async Task Import_RoomLargerThanThisServersQuota_Refused413AndNothingStored()
    {
        string exported;
        await using (var roomy = new RelayNovelAppFactory().Set("RelayNovel:RoomStorageLimitBytes", $"{4 * SmallRoomLimit}"))
        {
            var (id, _) = await FillRoomAsync(roomy);
            exported = await roomy.CreateClient().GetStringAsync($"/api/rooms/{id}/export?format=json");
        }
        await using var app = new RelayNovelAppFactory().Set("RelayNovel:RoomStorageLimitBytes", $"{SmallRoomLimit}");
        var store = app.Store;
        var rooms = store.RoomCount();

        var response = await app.CreateClient().PostAsync("/api/rooms/import", HostileExports.Content(exported));

        await ApiAssert.ProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, "RoomStorageFull");
        Assert.Equal(rooms, store.RoomCount());
    }

    [Fact]
    public async Task CreateAndImport_StoryFileOverItsTotalLimit_Refused507AndNothingStored()
    {
        await using var app = new RelayNovelAppFactory().Set("RelayNovel:StoreStorageLimitBytes", "1");
        var client = app.CreateClient();
        var store = app.Store;
        var rooms = store.RoomCount();

        var create = await client.PostAsJsonAsync("/api/rooms", new { title = "가득 찬 서버" });
        var import = await client.PostAsync("/api/rooms/import", HostileExports.Content(HostileExports.Build(1, 10, 2)));

        await ApiAssert.ProblemAsync(create, HttpStatusCode.InsufficientStorage, "StoreFull");
        await ApiAssert.ProblemAsync(import, HttpStatusCode.InsufficientStorage, "StoreFull");
        Assert.Equal(rooms, store.RoomCount());
    }

    /// <summary>A one-seat room written with long turns until the room refuses one; returns the room and the writer's key.</summary>
    private static async Task<(string Id, string Key)> FillRoomAsync(RelayNovelAppFactory app)
    {
        var room = await RoomSetup.CreateAsync(app.Rooms,
            new RoomSettings("가득 찬 방", SeatPlan: [SeatKind.Human], MaxTurnChars: 20_000, TurnTimerSeconds: 0), "민지");
        var text = string.Concat(Enumerable.Repeat("비가 내렸다. ", 500));
        for (var i = 0; i < 100; i++)
        {
            try
            {
                await app.Rooms.SubmitTurnAsync(room.Id, room.KeyOf(0), text, null);
            }
            catch (RoomException ex) when (ex.Code == RoomErrorCode.RoomStorageFull)
            {
                Assert.True(i > 1, "The room refused before it held anything.");
                return (room.Id, room.KeyOf(0));
            }
        }
        throw new InvalidOperationException("The room never reached its storage limit.");
    }

    private static string WithoutExportTime(string json)
    {
        var node = JsonNode.Parse(json)!.AsObject();
        node.Remove("exportedAt");
        return node.ToJsonString();
    }
}
