using RelayNovel.Inference.Generation;
using RelayNovel.Web.Api.Epub;
using RelayNovel.Web.Hosting;
using RelayNovel.Web.Rooms;
using RelayNovel.Web.Replay;
using RelayNovel.Web.Stories;

namespace RelayNovel.Tests.Api.Epub;

/// <summary>Books and rooms the EPUB tests write: Korean labels as the app has them, and the embedded model's credits.</summary>
internal static class EpubSamples
{
    public static readonly DateTimeOffset Start = new(2026, 12, 4, 9, 0, 0, TimeSpan.Zero);

    public static EpubLabels Labels { get; } = new("차례", "머리말", "본문", "제{0}장", "만든 이", "지은이", "AI 모델", "{0} 학습 데이터 출처",
        "릴레이 소설에서 사람과 AI가 차례로 이어 쓴 이야기입니다.");

    /// <summary>The repository's onnx/ folder, found the way the app finds it.</summary>
    public static TrainingDataCredits EmbeddedCredits { get; } = new(ModelFolderLocator.Locate(null, AppContext.BaseDirectory));

    /// <summary>The embedded model's name (its MODEL_CARD.md title), as AI turns record it.</summary>
    public static string EmbeddedModelName =>
        ModelDescription.Read(ModelFolderLocator.Locate(null, AppContext.BaseDirectory)!).Name;

    public static EpubBook Book(string? foreword, IReadOnlyList<EpubChapter> chapters, IReadOnlyList<string>? authors = null,
        IReadOnlyList<EpubModelCredit>? models = null) =>
        new(RoomBookId.For("room-1"), "비 오는 밤", foreword, chapters, authors ?? ["민지"], models ?? [], Start, Labels);

    public static EpubChapter Chapter(string? title, params string[] texts) =>
        new(title, [.. texts.Select((t, i) => EpubPassage.From(i % 2 == 0 ? "민지" : "AI", t))]);

    public static TurnRecord Turn(int index, string author, TurnKind kind, string text, string? model = null, bool withdrawn = false) => new()
    {
        Index = index,
        SeatIndex = kind == TurnKind.Ai ? 9 : 0,
        AuthorName = author,
        Kind = kind,
        Text = text,
        StartedAtMs = Start.AddMinutes(index).ToUnixTimeMilliseconds(),
        EndedAtMs = Start.AddMinutes(index + 1).ToUnixTimeMilliseconds(),
        Model = model,
        Withdrawn = withdrawn,
    };

    public static RoomHistory History(string premise, params TurnRecord[] turns) =>
        new(new RoomSnapshot("room-1", new RoomSettings("비 오는 밤", premise), [], [.. turns.Select(t => t.ToView())], 0, "", null, null,
            "tiny", null, 0), turns);
}
