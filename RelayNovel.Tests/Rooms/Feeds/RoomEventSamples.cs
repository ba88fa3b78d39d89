using RelayNovel.Web.Rooms;

namespace RelayNovel.Tests.Rooms.Feeds;

/// <summary>One filled-in instance of every room event type (every optional field set), for codec and feed tests.</summary>
public static class RoomEventSamples
{
    private static readonly DateTimeOffset At = new(2026, 12, 3, 22, 0, 0, TimeSpan.Zero);

    private static readonly AiStreamView Stream = new(4, AiStreamState.Streaming, 2, "옛날 옛적에", 120, 1024)
    {
        ModelName = "kogpt2-tiny",
        DroppedStoryTokens = 3,
        Seed = 42,
        Memory = new PromptMemoryView(true, false, ["지우"], ["서울"], 30, 80, 12),
    };

    private static readonly TurnView Turn = new(3, 1, "지우", TurnKind.Human, "바람이 불었다.", At, At.AddSeconds(30))
    {
        Withdrawn = true,
        AlternativeCount = 2,
    };

    public static IReadOnlyList<RoomEvent> All(string roomId) =>
    [
        new DraftChanged(roomId, 1, "쓰는 중"),
        new AiProgress(roomId, Stream),
        new TurnCommitted(roomId, Turn),
        new PresenceChanged(roomId, [new SeatView(0, SeatKind.Human, "지우", PresenceState.Seated, IsTyping: true)], 3),
        new QueueChanged(roomId, 2),
        new BatonMoved(roomId, 2, At.AddMinutes(5)),
        new SettingsChanged(roomId, new RoomSettings("제목", "전제", "메모", [SeatKind.Human, SeatKind.Ai], 5, 500, 60,
            new AiSettings(0.7f, 40, 0.9f, 1.2f, 80, EndAtSentence: false))),
        new VoteChanged(roomId, new AiVoteView(4, [Stream, Stream with { Seed = 43 }], new Dictionary<int, int> { [0] = 1 })
        {
            AllShown = true,
            AwaitingOwner = true,
        }),
        new TurnWithdrawn(roomId, Turn),
        new TurnReopened(roomId, 7),
        new GlossaryChanged(roomId, [new GlossaryEntry("지우", "주인공")]),
        new ChaptersChanged(roomId, [new ChapterMark(0, null), new ChapterMark(3, "2장: 비")]),
    ];
}
