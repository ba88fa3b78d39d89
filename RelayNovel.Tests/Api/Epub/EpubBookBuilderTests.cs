using RelayNovel.Web.Api.Epub;
using RelayNovel.Web.Rooms;

namespace RelayNovel.Tests.Api.Epub;

/// <summary>A room's history as a book: the story's turns, who wrote them, and with which models.</summary>
public sealed class EpubBookBuilderTests
{
    [Fact]
    public void FromExport_WithdrawnAndSkippedTurns_AreLeftOutOfTheStory()
    {
        var book = Build("전제",
            EpubSamples.Turn(0, "민지", TurnKind.Human, "남는 글"),
            EpubSamples.Turn(1, "서준", TurnKind.Human, "거둬들인 글", withdrawn: true),
            EpubSamples.Turn(2, "AI", TurnKind.Skipped, ""),
            EpubSamples.Turn(3, "서준", TurnKind.Human, "다시 쓴 글"));

        var chapter = Assert.Single(book.Chapters);
        Assert.Equal(["남는 글", "다시 쓴 글"], chapter.Passages.SelectMany(p => p.Paragraphs));
        Assert.Equal(["민지", "서준"], book.Authors);
    }

    [Fact]
    public void FromExport_HumanAndAiTurns_AuthorsArePeopleAndModelsAreWhatWroteTheAiTurns()
    {
        var book = Build("전제",
            EpubSamples.Turn(0, "민지", TurnKind.Human, "하나"),
            EpubSamples.Turn(1, "AI", TurnKind.Ai, "둘", EpubSamples.EmbeddedModelName),
            EpubSamples.Turn(2, "로봇", TurnKind.Ai, "셋", "kogpt2-base-v2"),
            EpubSamples.Turn(3, "AI", TurnKind.Ai, "넷", "withdrawn-model", withdrawn: true),
            EpubSamples.Turn(4, "민지", TurnKind.Human, "다섯"));

        Assert.Equal(["민지"], book.Authors);
        Assert.Equal([EpubSamples.EmbeddedModelName, "kogpt2-base-v2"], book.Models.Select(m => m.Name));
        Assert.Contains(book.Models[0].Attribution, a => a.StartsWith("KoCoNovel", StringComparison.Ordinal));
        Assert.Empty(book.Models[1].Attribution);
        Assert.Equal(["민지", "AI", "로봇 (AI)", "민지"], book.Chapters[0].Passages.Select(p => p.Author));
    }

    [Theory]
    [InlineData("", null)]
    [InlineData("  ", null)]
    [InlineData("눈 내리는 역", "눈 내리는 역")]
    public void FromExport_Premise_IsTheForewordWhenThereIsOne(string premise, string? foreword) =>
        Assert.Equal(foreword, Build(premise, EpubSamples.Turn(0, "민지", TurnKind.Human, "하나")).Foreword);

    [Fact]
    public void FromExport_Room_IsIdentifiedByTheRoomAndModifiedWhenItsLastTurnEnded()
    {
        var book = Build("", EpubSamples.Turn(0, "민지", TurnKind.Human, "하나"), EpubSamples.Turn(5, "서준", TurnKind.Human, "둘"));

        Assert.Equal(RoomBookId.For("room-1"), book.Identifier);
        Assert.Equal(EpubSamples.Start.AddMinutes(6), book.Modified);
        Assert.Equal("비 오는 밤", book.Title);
    }

    [Fact]
    public void FromExport_RoomWithoutTurns_IsModifiedAtTheExportTime()
    {
        var exportedAt = new DateTimeOffset(2027, 1, 1, 0, 0, 0, TimeSpan.Zero);

        var book = EpubBookBuilder.FromExport(EpubSamples.History(""), EpubSamples.EmbeddedCredits, EpubSamples.Labels, exportedAt);

        Assert.Equal(exportedAt, book.Modified);
        Assert.Empty(Assert.Single(book.Chapters).Passages);
    }

    [Fact]
    public void FromExport_ChapterMarks_OneChapterPerMarkNamedAsTheReadingViewNamesThem()
    {
        Web.Stories.TurnRecord[] turns =
        [
            EpubSamples.Turn(0, "민지", TurnKind.Human, "머리말 같은 첫 차례"),
            EpubSamples.Turn(1, "AI", TurnKind.Ai, "첫 장의 시작", EpubSamples.EmbeddedModelName),
            EpubSamples.Turn(2, "민지", TurnKind.Human, "첫 장의 끝"),
            EpubSamples.Turn(3, "서준", TurnKind.Human, "이름 없는 둘째 장"),
        ];
        var history = EpubSamples.History("", turns);
        history = history with { Room = history.Room with { Chapters = [new ChapterMark(1, "역에서"), new ChapterMark(3, null)] } };

        var book = EpubBookBuilder.FromExport(history, EpubSamples.EmbeddedCredits, EpubSamples.Labels, EpubSamples.Start);

        Assert.Equal([EpubSamples.Labels.Story, "역에서", "제2장"], book.Chapters.Select(c => c.Title));
        Assert.Equal([1, 2, 1], book.Chapters.Select(c => c.Passages.Count));
        Assert.Equal("첫 장의 시작", book.Chapters[1].Passages[0].Paragraphs.Single());
    }

    private static EpubBook Build(string premise, params Web.Stories.TurnRecord[] turns) =>
        EpubBookBuilder.FromExport(EpubSamples.History(premise, turns), EpubSamples.EmbeddedCredits, EpubSamples.Labels, EpubSamples.Start);
}
