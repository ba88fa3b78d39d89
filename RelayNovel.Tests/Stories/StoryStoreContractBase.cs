using System.Text.Json;
using RelayNovel.Tests.Checkpoints;
using RelayNovel.Web.Rooms;
using RelayNovel.Web.Stories;

namespace RelayNovel.Tests.Stories;

/// <summary>
/// What every <see cref="IStoryStore"/> contract test needs: a store on a fresh folder (opened again on the same
/// folder to check durability), and rooms and turns with the text a relay novel holds (Korean, spaces, empty).
/// A store for another database derives from the contract classes and says only how to open it.
/// </summary>
public abstract class StoryStoreContractBase : IDisposable
{
    private readonly TempDirectory _folder = new();
    private readonly List<IStoryStore> _opened = [];

    /// <summary>Opens the store kept in <paramref name="folder"/>; called again with the same folder, it must see the same rooms.</summary>
    protected abstract IStoryStore CreateStore(string folder);

    protected IStoryStore Open()
    {
        var store = CreateStore(_folder.Path);
        _opened.Add(store);
        return store;
    }

    /// <summary>Closes <paramref name="store"/> as a stopping app would, then opens the same folder again.</summary>
    protected IStoryStore Reopen(IStoryStore store)
    {
        Close(store);
        return Open();
    }

    protected static RoomRecord Room(string id, string draft = "쓰다 만 문장 ") => new()
    {
        Id = id, OwnerKeyHash = "hash-of-owner", CreatedAtMs = 1_700_000_000_000, BatonSeat = 1, TurnStartedAtMs = 1_700_000_001_000,
        Draft = draft, TurnCount = 0,
        Settings = new SettingsRecord { Title = "비 오는 밤", Premise = "  들여쓴 전제\n", AuthorNote = "", SeatPlan = [SeatKind.Human, SeatKind.Ai] },
        Seats = [new SeatRecord { Index = 0, Kind = SeatKind.Human, ParticipantKeyHash = "k0", Name = "민지" }, new SeatRecord { Index = 1, Kind = SeatKind.Ai }],
        Participants = [new ParticipantRecord { KeyHash = "k0", Name = "민지", SeatIndex = 0, IsOwner = true }],
        Glossary = [new GlossaryEntryRecord { Name = "서울", Line = "" }],
    };

    protected static TurnRecord Turn(string roomId, int index, string text = " 비가 온다.\n") => new()
    {
        Id = TurnRecord.MakeId(roomId, index), RoomId = roomId, Index = index, SeatIndex = index % 2, AuthorName = "민지",
        Kind = TurnKind.Human, Text = text, StartedAtMs = 1000 * index, EndedAtMs = (1000 * index) + 500,
        DraftSnapshots = [new DraftSnapshotRecord { OffsetMs = 10, Text = " 비" }, new DraftSnapshotRecord { OffsetMs = 20, Text = text }],
        TokenChunks = [new TokenChunkRecord { OffsetMs = 1.5, Text = " 눈", Tokens = 1 }, new TokenChunkRecord { Text = "", Tokens = 0 }],
        Alternatives = [new AlternativeRecord { Origin = AlternativeOrigin.Retry, Text = "", TokenChunks = [new TokenChunkRecord { Text = " 눈" }] }],
    };

    protected static DraftSnapshotRecord Snapshot(long offsetMs, string text) => new() { OffsetMs = offsetMs, Text = text };

    protected static StoredRoomEvent Event(long seq) => new(seq, "TurnCommitted", $$"""{"turn":{{seq}},"text":"비가 온다 "}""", 1000 + seq);

    /// <summary>A record's every field as JSON: two records are the same when these are equal.</summary>
    protected static string Json(object? value) => JsonSerializer.Serialize(value);

    /// <summary>Creates a room with its first turn and returns it loaded (version 1).</summary>
    protected static async Task<StoredRoom> CreateLoadedAsync(IStoryStore store, string roomId)
    {
        await store.CreateAsync(Room(roomId), [Turn(roomId, 0)]);
        return (await store.LoadAsync(roomId))!;
    }

    public void Dispose()
    {
        foreach (var store in _opened)
        {
            Close(store);
        }
        _folder.Dispose();
        GC.SuppressFinalize(this);
    }

    private static void Close(IStoryStore store)
    {
        if (store is IDisposable disposable)
        {
            disposable.Dispose();
        }
    }
}
