using RelayNovel.Tests.Checkpoints;
using RelayNovel.Web.Api.Epub;
using RelayNovel.Web.Rooms;

namespace RelayNovel.Tests.Api.Epub;

/// <summary>
/// The books the app writes pass EPUBCheck with no error and no warning. EPUBCheck starts a JVM per file, so the cases
/// share two books: one written from the book model (chapters, a huge chapter, hostile text, people and models), one built
/// from a room's history the way the endpoint builds it (no premise, a withdrawn turn, the embedded model's turns).
/// </summary>
public sealed class EpubValidationTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    [Fact]
    public async Task EpubCheck_BooksWithChaptersHugeStoriesHostileTextAndNoPremise_ReportNoErrorsOrWarnings()
    {
        var rich = _temp.File("rich.epub");
        await File.WriteAllBytesAsync(rich, EpubWriter.Write(RichBook()));
        var room = _temp.File("room.epub");
        await File.WriteAllBytesAsync(room, EpubWriter.Write(RoomBook()));

        var problems = await Task.WhenAll(EpubCheck.ProblemsAsync(rich), EpubCheck.ProblemsAsync(room));

        Assert.True(problems[0].Count == 0, "rich.epub:\n" + string.Join('\n', problems[0]));
        Assert.True(problems[1].Count == 0, "room.epub:\n" + string.Join('\n', problems[1]));
    }

    /// <summary>Three chapters (two titled, one not), the last with 1,000 turns; control characters and markup-like text.</summary>
    private static EpubBook RichBook()
    {
        var huge = Enumerable.Range(0, 1000)
            .Select(i => $"{i}번째 차례. 비가 내리는 골목을 걸었다.\n\"우산 있어?\" 그가 물었다.\n{new string('가', 40 + i % 60)}").ToArray();
        return EpubSamples.Book("눈 내리는 역에서\n두 사람이 만난다. <b>&</b>",
            [
                EpubSamples.Chapter("1장 — 만남 <i>&amp;</i>", "기차가 멈췄다.", "눈이 \u0000내렸다.\u0007\u001b[0m", "<b>굵게</b> & <script>alert(1)</script>"),
                EpubSamples.Chapter(null, "\ud800홀로 남은 서로게이트\uffff와 \u0085 C1 문자", "탭\t문자와\r\n윈도 줄바꿈"),
                EpubSamples.Chapter("긴 장", huge),
            ],
            authors: ["민지", "서준 <&>"],
            models: [EpubSamples.EmbeddedCredits.For(EpubSamples.EmbeddedModelName), new EpubModelCredit("kogpt2-base-v2", [])]);
    }

    private static EpubBook RoomBook() =>
        EpubBookBuilder.FromExport(EpubSamples.History("",
            EpubSamples.Turn(0, "민지", TurnKind.Human, "첫 문장.\n둘째 줄 & <셋째>"),
            EpubSamples.Turn(1, "AI", TurnKind.Ai, "AI가 \u0000이어 썼다.", EpubSamples.EmbeddedModelName),
            EpubSamples.Turn(2, "서준", TurnKind.Human, "거둬들인 글", withdrawn: true),
            EpubSamples.Turn(3, "서준", TurnKind.Human, "마지막 문장.")),
            EpubSamples.EmbeddedCredits, EpubSamples.Labels, EpubSamples.Start);

    public void Dispose() => _temp.Dispose();
}
